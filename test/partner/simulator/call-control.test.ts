import { savedSnapshot } from '../../support/simulator-state';
import { PartnerError } from '../../../src/partner/partner-telephony';
import { DEFAULT_CONTACTS } from '../../../src/partner/core/directory';
import { SimulatedPartner } from '../../../src/partner/simulator/simulated-partner';
import { MemoryStore } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';
import { driveTo, logText, makeHarness, type Harness } from './harness';

async function rejection(p: Promise<unknown>): Promise<PartnerError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PartnerError);
  return e as PartnerError;
}

function legs(h: Harness): string[] {
  return h.partner.getCalls().map((c) => `${c.id}:${c.role}:${c.state}`);
}

describe('outbound calls', () => {
  it('agent dials, far end answers, agent hangs up, wrap-up', async () => {
    const h = makeHarness();
    const call = await h.partner.dial('+15555550199');
    expect(call).toMatchObject({ id: 'c1', role: 'customer', direction: 'outbound', state: 'ringing', phoneNumber: '+15555550199' });
    expect(h.take()).toEqual(['callStateChanged:idle>ringing', 'stateChanged']);
    expect(h.partner.remoteAnswer()).toMatchObject({ id: 'c1', state: 'connected' });
    expect(h.take()).toEqual(['remoteAnswered:c1:connected', 'callStateChanged:ringing>connected', 'stateChanged']);
    await h.partner.hangUp();
    expect(h.take()).toEqual(['callStateChanged:connected>wrapup', 'stateChanged']);
  });

  it('a dialled call rings past the inbound ring timeout until the far end answers', async () => {
    const h = makeHarness();
    await h.partner.dial('+15555550199');
    h.clock.advance(10 * 60_000);
    expect(h.partner.getCallState()).toBe('ringing');
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('agent cancels a dialled call before it is answered: back to idle, no wrap-up', async () => {
    const h = makeHarness();
    await h.partner.dial('+15555550199');
    await h.partner.hangUp('c1');
    expect(h.partner.getCallState()).toBe('idle');
  });

  it('dialling is refused while on a call, and for an empty destination', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    expect((await rejection(h.partner.dial('+15555550199'))).message).toBe('state connected, expected idle to dial');
    const bad = await rejection(h.partner.dial('   '));
    expect(bad.code).toBe('INVALID_DESTINATION');
  });

  it('the far end refusing a dialled call (hangs up while ringing) returns the agent to idle', async () => {
    const h = makeHarness();
    await h.partner.dial('+15555550199');
    h.take();
    h.partner.remoteHangup('c1');
    expect(h.take()).toEqual(['remoteHangup:c1:ended', 'callStateChanged:ringing>idle', 'stateChanged']);
  });
});

describe('inbound call commands', () => {
  it('accept and decline only a ringing inbound customer call', async () => {
    const h = makeHarness();
    await h.partner.dial('+15555550199');
    expect((await rejection(h.partner.acceptCall('c1'))).message).toBe('call c1 is ringing outbound, expected ringing inbound to accept');
    expect((await rejection(h.partner.declineCall('nope'))).code).toBe('NO_SUCH_CALL');
  });

  it('hang-up without a live call is refused with the state', async () => {
    const h = makeHarness();
    expect((await rejection(h.partner.hangUp())).message).toBe('state idle, expected a live call to hang up');
  });
});

describe('participants, transfer, conference, swap', () => {
  async function withParticipant(h: Harness): Promise<void> {
    await driveTo(h, 'connected');
    await h.partner.addParticipant('+15555550177', 'c1', false);
  }

  it('adding a participant holds the customer; the third party rings until it answers', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    h.take();
    const p = await h.partner.addParticipant('+15555550177', 'c1', false);
    expect(p).toMatchObject({ id: 'c2', role: 'thirdParty', direction: 'participant', parentId: 'c1', state: 'ringing' });
    expect(legs(h)).toEqual(['c1:customer:held', 'c2:thirdParty:ringing']);
    expect(h.take()).toEqual(['callStateChanged:connected>held', 'stateChanged']);
    h.partner.remoteAnswer();
    expect(legs(h)).toEqual(['c1:customer:held', 'c2:thirdParty:connected']);
    expect(h.take()).toEqual(['remoteAnswered:c2:connected', 'callStateChanged:held>connected', 'stateChanged']);
  });

  it('a third party hanging up leaves the held customer call', async () => {
    const h = makeHarness();
    await withParticipant(h);
    h.partner.remoteAnswer('c2');
    h.take();
    h.partner.remoteHangup('c2');
    expect(legs(h)).toEqual(['c1:customer:held']);
    expect(h.take()).toEqual(['remoteHangup:c2:ended', 'callStateChanged:connected>held', 'stateChanged']);
  });

  it('the customer hanging up ends the third-party legs too and starts wrap-up', async () => {
    const h = makeHarness();
    await withParticipant(h);
    h.partner.remoteAnswer();
    await h.partner.conference();
    h.take();
    const ended = h.partner.remoteHangup();
    expect(ended.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(h.take()).toEqual(['remoteHangup:c1:ended', 'remoteHangup:c2:ended', 'callStateChanged:connected>wrapup', 'stateChanged']);
  });

  it('the agent hanging up a participant leg ends only that leg', async () => {
    const h = makeHarness();
    await withParticipant(h);
    const ended = await h.partner.hangUp('c2');
    expect(ended.map((c) => c.id)).toEqual(['c2']);
    expect(legs(h)).toEqual(['c1:customer:held']);
  });

  it('blind transfer hands the customer over and ends the agent call: wrap-up', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    h.take();
    const p = await h.partner.addParticipant('+15555550177', 'c1', true);
    expect(p).toMatchObject({ id: 'c2', state: 'ended', parentId: 'c1' });
    expect(h.partner.getCalls()).toEqual([]);
    expect(h.take()).toEqual(['callStateChanged:connected>wrapup', 'stateChanged']);
  });

  it('refuses a participant on a ringing call, on a participant leg, and while another rings', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    expect((await rejection(h.partner.addParticipant('+1555', 'c1', false))).code).toBe('INVALID_STATE');
    await h.partner.acceptCall('c1');
    await h.partner.addParticipant('+15555550177', 'c1', false);
    expect((await rejection(h.partner.addParticipant('+15555550178', 'c1', false))).message).toBe(
      'a participant is ringing, expected none',
    );
    h.partner.remoteAnswer();
    expect((await rejection(h.partner.addParticipant('+15555550178', 'c2', false))).message).toBe(
      'call c2 is connected thirdParty, expected an answered customer call',
    );
    expect((await rejection(h.partner.addParticipant('', 'c1', false))).code).toBe('INVALID_DESTINATION');
  });

  it('conference connects every answered leg, nobody held', async () => {
    const h = makeHarness();
    await withParticipant(h);
    h.partner.remoteAnswer();
    const joined = await h.partner.conference();
    expect(joined.map((c) => `${c.id}:${c.state}`)).toEqual(['c1:connected', 'c2:connected']);
    expect(h.partner.getCallState()).toBe('connected');
  });

  it('conference is refused with only the customer answered', async () => {
    const h = makeHarness();
    await withParticipant(h);
    expect((await rejection(h.partner.conference())).message).toBe(
      'state held, expected an answered customer call and participant',
    );
  });

  it('swap holds the first and resumes the second, whatever their positions', async () => {
    const h = makeHarness();
    await withParticipant(h);
    h.partner.remoteAnswer();
    // customer held, participant connected: swap(customer, participant) keeps it that way
    expect((await h.partner.swap('c1', 'c2')).map((c) => `${c.id}:${c.state}`)).toEqual(['c1:held', 'c2:connected']);
    expect((await h.partner.swap('c2', 'c1')).map((c) => `${c.id}:${c.state}`)).toEqual(['c2:held', 'c1:connected']);
    await h.partner.conference();
    expect((await h.partner.swap('c2', 'c1')).map((c) => `${c.id}:${c.state}`)).toEqual(['c2:held', 'c1:connected']);
  });

  it('swap is refused for the same call twice and for a ringing leg', async () => {
    const h = makeHarness();
    await withParticipant(h);
    expect((await rejection(h.partner.swap('c1', 'c1'))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(h.partner.swap('c1', 'c2'))).message).toBe('call c2 is ringing, expected answered to swap');
  });

  it('resume is refused for a connected leg', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    expect((await rejection(h.partner.resume('c1'))).message).toBe('call c1 is connected, expected held to resume');
  });
});

describe('mute, recording, DTMF', () => {
  it('mute needs a live call; unmute is always harmless; both reset when the call ends', async () => {
    const h = makeHarness();
    expect((await rejection(h.partner.mute())).message).toBe('state idle, expected connected or held to mute');
    await h.partner.unmute();
    expect(h.events).toEqual([]);
    await driveTo(h, 'connected');
    h.take();
    await h.partner.mute();
    await h.partner.mute();
    expect(h.partner.isMuted()).toBe(true);
    expect(h.take()).toEqual(['stateChanged']);
    await h.partner.unmute();
    expect(h.partner.isMuted()).toBe(false);
    await h.partner.mute();
    await h.partner.pauseRecording();
    h.partner.remoteHangup();
    expect(h.partner.isMuted()).toBe(false);
    expect(h.partner.isRecordingPaused()).toBe(false);
  });

  it('recording pauses and resumes only with an answered customer call', async () => {
    const h = makeHarness();
    expect((await rejection(h.partner.pauseRecording())).message).toBe('state idle, expected an answered customer call');
    await driveTo(h, 'ringing');
    expect((await rejection(h.partner.resumeRecording())).code).toBe('INVALID_STATE');
    await h.partner.acceptCall('c1');
    h.take();
    await h.partner.pauseRecording();
    await h.partner.pauseRecording();
    expect(h.partner.isRecordingPaused()).toBe(true);
    await h.partner.resumeRecording();
    expect(h.partner.isRecordingPaused()).toBe(false);
    expect(h.take()).toEqual(['stateChanged', 'stateChanged']);
  });

  it('DTMF counts digits on a connected call and never logs them', async () => {
    const h = makeHarness();
    expect((await rejection(h.partner.sendDigits('1'))).message).toBe('state idle, expected connected to send digits');
    await driveTo(h, 'connected');
    await h.partner.sendDigits('9081*#');
    expect(savedSnapshot(h.store).dtmfCount).toBe(6);
    expect((await rejection(h.partner.sendDigits('12x'))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(h.partner.sendDigits(''))).code).toBe('INVALID_ARGUMENT');
    expect(logText(h.logs)).not.toContain('9081');
    expect(h.logs.some((l) => l.payload.count === 6)).toBe(true);
  });
});

describe('supervisor legs', () => {
  it('supervise, barge in, disconnect: the agent call state never moves', async () => {
    const h = makeHarness();
    const leg = await h.partner.superviseCall('other-agent-call');
    expect(leg).toMatchObject({ id: 'c1', role: 'supervisor', parentId: 'other-agent-call', state: 'connected' });
    expect(h.partner.getCalls().find((c) => c.role === 'supervisor')?.bargedIn).toBe(false);
    await h.partner.bargeIn('other-agent-call');
    await h.partner.bargeIn('c1');
    expect(h.partner.getCalls().find((c) => c.role === 'supervisor')?.bargedIn).toBe(true);
    const ended = await h.partner.supervisorDisconnect();
    expect(ended.map((c) => `${c.id}:${c.state}`)).toEqual(['c1:ended']);
    expect(await h.partner.supervisorDisconnect()).toEqual([]);
    expect(h.events.filter((e) => e.startsWith('callStateChanged'))).toEqual([]);
    expect(h.partner.getCallState()).toBe('idle');
  });

  it('refuses a second supervised call, an empty id, barge-in without supervision, hold of a supervisor leg', async () => {
    const h = makeHarness();
    expect((await rejection(h.partner.bargeIn('x'))).code).toBe('NO_SUCH_CALL');
    expect((await rejection(h.partner.superviseCall(''))).code).toBe('INVALID_ARGUMENT');
    await h.partner.superviseCall('a');
    expect((await rejection(h.partner.superviseCall('b'))).message).toBe('already supervising a, expected none');
    expect((await rejection(h.partner.hold('c1'))).message).toBe('call c1 is supervisor, expected customer or participant');
  });

  it('hang-up of every agent leg leaves the supervisor leg alone', async () => {
    const h = makeHarness();
    await h.partner.superviseCall('a');
    await driveTo(h, 'connected');
    await h.partner.hangUp();
    expect(legs(h)).toEqual(['c1:supervisor:connected']);
    expect(h.partner.getCallState()).toBe('wrapup');
  });
});

describe('status and logout', () => {
  it('setStatus announces origin connector; the same status again changes nothing', async () => {
    const h = makeHarness();
    await h.partner.setStatus('BREAK', 'omni');
    await h.partner.setStatus('BREAK', 'omni');
    expect(h.take()).toEqual(['statusChanged:AVAILABLE>BREAK(connector)', 'stateChanged']);
    expect(h.raw[0]).toEqual({ type: 'statusChanged', status: 'BREAK', previous: 'AVAILABLE', origin: 'connector', reason: 'omni', seq: 1, at: h.clock.now() });
    const e = await rejection(h.partner.setStatus('BRAEK', 'x'));
    expect(e.code).toBe('INVALID_STATUS');
    expect(e.message).toBe('unknown partner status "BRAEK", expected AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE');
  });

  it('logout during a call ends it through wrap-up to idle and goes OFFLINE', async () => {
    const h = makeHarness();
    await driveTo(h, 'held');
    h.take();
    await h.partner.logout();
    expect(h.take()).toEqual([
      'callStateChanged:held>wrapup',
      'callStateChanged:wrapup>idle',
      'statusChanged:AVAILABLE>OFFLINE(connector)',
      'stateChanged',
    ]);
    expect(h.partner.getCalls()).toEqual([]);
  });

  it('logout while ringing goes straight to idle', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    h.take();
    await h.partner.logout();
    expect(h.take()).toEqual(['callStateChanged:ringing>idle', 'statusChanged:AVAILABLE>OFFLINE(connector)', 'stateChanged']);
  });

  it('a listener that throws is logged and does not stop the others', async () => {
    const h = makeHarness();
    h.partner.subscribe(() => {
      throw new Error('boom');
    });
    const seen: string[] = [];
    const off = h.partner.subscribe((e) => seen.push(e.type));
    await h.partner.setStatus('LUNCH', 'x');
    off();
    await h.partner.setStatus('BREAK', 'x');
    expect(seen).toEqual(['statusChanged']);
    expect(h.logs.some((l) => l.isError && l.payload.message === 'listener threw' && l.payload.event === 'statusChanged')).toBe(true);
  });

  it('a listener may change the status back from inside statusChanged (the ignore policy does)', () => {
    const h = makeHarness();
    h.partner.subscribe((e) => {
      if (e.type === 'statusChanged' && e.origin === 'partner') void h.partner.setStatus(e.previous, 'revert');
    });
    h.partner.setPartnerStatus('BREAK');
    expect(h.take()).toEqual([
      'statusChanged:AVAILABLE>BREAK(partner)',
      'statusChanged:BREAK>AVAILABLE(connector)',
      'stateChanged',
      'stateChanged',
    ]);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
    expect(h.reload().partner.getStatus()).toBe('AVAILABLE');
  });

  it('a failing log sink never breaks a command', async () => {
    const partner = new SimulatedPartner({
      clock: new FakeClock(),
      store: new MemoryStore(),
      initialStatus: 'AVAILABLE',
      log: () => {
        throw new Error('log down');
      },
    });
    await expect(partner.setStatus('BREAK', 'x')).resolves.toBeUndefined();
    expect(partner.setPartnerStatus('AVAILABLE')).toBe(true);
    expect(partner.incomingCall()).not.toBeNull();
  });

  it('starts OFFLINE (logged out) when nothing is stored and no initial status is given', () => {
    expect(new SimulatedPartner({ clock: new FakeClock(), store: new MemoryStore() }).getStatus()).toBe('OFFLINE');
  });
});

describe('directory', () => {
  it('searches by name or number, type, availability, with offset and limit', async () => {
    const h = makeHarness();
    expect(await h.partner.searchContacts({})).toEqual(DEFAULT_CONTACTS);
    expect((await h.partner.searchContacts({ contains: 'queue' })).map((c) => c.id)).toEqual(['queue-billing', 'queue-night']);
    expect((await h.partner.searchContacts({ contains: '0111' })).map((c) => c.id)).toEqual(['pb-warehouse']);
    expect((await h.partner.searchContacts({ types: ['agent'], availableOnly: true })).map((c) => c.id)).toEqual(['agent-ada', 'agent-cy']);
    expect((await h.partner.searchContacts({ types: [] }))).toEqual([]);
    expect((await h.partner.searchContacts({ offset: 2, limit: 2 })).map((c) => c.id)).toEqual(['agent-cy', 'queue-billing']);
    expect((await h.partner.searchContacts({ offset: -1, limit: 1.5 })).length).toBe(DEFAULT_CONTACTS.length);
    expect(await h.partner.searchContacts(null as never)).toEqual(DEFAULT_CONTACTS);
  });

  it('uses the contacts it is given', async () => {
    const h = makeHarness({ contacts: [{ id: 'x', type: 'queue', name: 'Only' }] });
    expect((await h.partner.searchContacts({ contains: 'ONLY' })).map((c) => c.id)).toEqual(['x']);
  });
});
