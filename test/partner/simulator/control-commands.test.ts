import { savedSchedule } from '../../support/simulator-state';
import { PartnerError } from '../../../src/partner/partner-telephony';
import { DEFAULT_RING_TIMEOUT_MS } from '../../../src/partner/core/agent';
import { MAX_SCHEDULE_MS } from '../../../src/partner/core/schedule';
import { driveTo, logText, makeHarness } from './harness';

const START_IN = 5_000;
const BREAK_FOR = 10_000;

describe('scheduled status changes', () => {
  it('a break starts exactly at its start and the previous status returns exactly at its end', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', START_IN, BREAK_FOR);
    h.take();
    h.clock.advance(START_IN - 1);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
    expect(h.events).toEqual([]);
    h.clock.advance(1);
    expect(h.take()).toEqual(['statusChanged:AVAILABLE>BREAK(partner)', 'stateChanged']);
    expect(h.raw.at(-1)).toMatchObject({ reason: 'scheduled BREAK started' });
    h.clock.advance(BREAK_FOR - 1);
    expect(h.partner.getStatus()).toBe('BREAK');
    expect(h.events).toEqual([]);
    h.clock.advance(1);
    expect(h.take()).toEqual(['statusChanged:BREAK>AVAILABLE(partner)', 'stateChanged']);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('the return goes to the status held when the break started, not when it was scheduled', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', START_IN, BREAK_FOR);
    h.partner.setPartnerStatus('TRAINING');
    h.clock.advance(START_IN + BREAK_FOR);
    expect(h.partner.getStatus()).toBe('TRAINING');
  });

  it('without a duration the status stays', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('MEETING', 0);
    h.clock.advance(0);
    expect(h.partner.getStatus()).toBe('MEETING');
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('a status set during the break overrides the return, which is skipped and logged', async () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', 0, BREAK_FOR);
    h.clock.advance(0);
    await h.partner.setStatus('LUNCH', 'omni');
    h.take();
    h.clock.advance(BREAK_FOR);
    expect(h.partner.getStatus()).toBe('LUNCH');
    expect(h.take()).toEqual(['stateChanged']);
    expect(h.logs.some((l) => l.payload.message === 'scheduled return skipped')).toBe(true);
  });

  it('a break into the status already held changes nothing visible', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('AVAILABLE', 0, BREAK_FOR);
    h.take();
    h.clock.advance(BREAK_FOR);
    expect(h.take()).toEqual(['stateChanged', 'stateChanged']);
  });

  it('changes due at the same moment happen in the order they were scheduled', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('LUNCH', START_IN);
    h.partner.scheduleStatus('MEETING', START_IN);
    h.take();
    h.clock.advance(START_IN);
    expect(h.take().filter((e) => e.startsWith('status'))).toEqual([
      'statusChanged:AVAILABLE>LUNCH(partner)',
      'statusChanged:LUNCH>MEETING(partner)',
    ]);
  });

  it('lists what is scheduled, earliest first', () => {
    const h = makeHarness();
    const t0 = h.clock.now();
    h.partner.scheduleStatus('LUNCH', 9_000);
    expect(h.partner.scheduleStatus('BREAK', 1_000, 2_000)).toEqual({ at: t0 + 1_000, kind: 'start', status: 'BREAK' });
    h.clock.advance(1_000);
    expect(savedSchedule(h.store)).toEqual([
      { at: t0 + 3_000, kind: 'end', status: 'AVAILABLE' },
      { at: t0 + 9_000, kind: 'start', status: 'LUNCH' },
    ]);
  });

  it.each([
    ['an unknown status', 'BRAEK', 0, undefined, 'INVALID_STATUS'],
    ['a negative start', 'BREAK', -1, undefined, 'INVALID_ARGUMENT'],
    ['a NaN start', 'BREAK', Number.NaN, undefined, 'INVALID_ARGUMENT'],
    ['a start beyond a day', 'BREAK', MAX_SCHEDULE_MS + 1, undefined, 'INVALID_ARGUMENT'],
    ['a zero duration', 'BREAK', 0, 0, 'INVALID_ARGUMENT'],
    ['an infinite duration', 'BREAK', 0, Number.POSITIVE_INFINITY, 'INVALID_ARGUMENT'],
  ])('refuses %s', (_what, status, start, duration, code) => {
    const h = makeHarness();
    expect(() => h.partner.scheduleStatus(status as never, start, duration)).toThrow(PartnerError);
    try {
      h.partner.scheduleStatus(status, start, duration);
    } catch (e) {
      expect((e as PartnerError).code).toBe(code);
    }
    expect(savedSchedule(h.store)).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('accepts the limits themselves (start 0 and a one-day start and duration)', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', MAX_SCHEDULE_MS, MAX_SCHEDULE_MS);
    h.partner.scheduleStatus('LUNCH', 0, 1);
    expect(savedSchedule(h.store)).toHaveLength(2);
  });
});

describe('one timer, never polling', () => {
  it('arms no timer with nothing due, one for a ringing call, none once answered', async () => {
    const h = makeHarness();
    expect(h.clock.pendingTimers()).toBe(0);
    await driveTo(h, 'ringing');
    expect(h.clock.pendingTimers()).toBe(1);
    await h.partner.acceptCall('c1');
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('keeps a single timer for several scheduled changes and a ringing call, re-armed for the earliest', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('LUNCH', 60_000);
    h.partner.scheduleStatus('BREAK', 20_000, 5_000);
    h.partner.incomingCall();
    expect(h.clock.pendingTimers()).toBe(1);
    h.clock.advance(DEFAULT_RING_TIMEOUT_MS - 10_000); // the break starts; the call still rings
    expect(h.partner.getStatus()).toBe('BREAK');
    expect(h.partner.getCallState()).toBe('ringing');
    expect(h.clock.pendingTimers()).toBe(1);
    h.clock.advance(60_000);
    expect(h.partner.getStatus()).toBe('LUNCH');
    expect(h.partner.getCallState()).toBe('idle');
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('dispose cancels the timer', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('LUNCH', 60_000);
    h.partner.dispose();
    expect(h.clock.pendingTimers()).toBe(0);
    h.clock.advance(60_000);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
  });
});

describe('incoming calls and the ring timeout', () => {
  it('a call rings until one millisecond before the timeout, and is missed at it', async () => {
    const h = makeHarness({ ringTimeoutMs: 8_000 });
    await driveTo(h, 'ringing');
    h.take();
    h.clock.advance(7_999);
    expect(h.partner.getCallState()).toBe('ringing');
    h.clock.advance(1);
    expect(h.take()).toEqual(['callMissed:c1:ended', 'callStateChanged:ringing>idle', 'stateChanged']);
  });

  it('an invalid ring timeout falls back to the default', async () => {
    const h = makeHarness({ ringTimeoutMs: -5 });
    await driveTo(h, 'ringing');
    h.clock.advance(DEFAULT_RING_TIMEOUT_MS - 1);
    expect(h.partner.getCallState()).toBe('ringing');
    h.clock.advance(1);
    expect(h.partner.getCallState()).toBe('idle');
  });

  it.each(['BREAK', 'LUNCH', 'MEETING', 'TRAINING', 'NOT_READY', 'OFFLINE'] as const)(
    'the partner refuses a call while the agent is %s: logged, nothing rings',
    (status) => {
      const h = makeHarness({ status });
      expect(h.partner.incomingCall('+15555550142')).toBeNull();
      expect(h.take()).toEqual([`callRefused:status ${status} is not routable`]);
      expect(h.partner.getCalls()).toEqual([]);
      expect(h.clock.pendingTimers()).toBe(0);
      expect(h.logs.some((l) => l.payload.message === 'incoming call refused')).toBe(true);
    },
  );

  it('the partner refuses a second call while the first is live', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    h.take();
    expect(h.partner.incomingCall()).toBeNull();
    expect(h.take()).toEqual(['callRefused:agent is connected, expected idle']);
  });

  it('keeps the caller number on the call but never in a log line', () => {
    const h = makeHarness();
    expect(h.partner.incomingCall('+15555550142')?.phoneNumber).toBe('+15555550142');
    h.partner.remoteHangup();
    expect(logText(h.logs)).not.toContain('5555550142');
  });
});

describe('remote answer and remote hangup', () => {
  it('with nothing to answer, remote answer is ignored and logged', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing'); // an inbound call is the agent's to answer, not the far end's
    h.take();
    expect(h.partner.remoteAnswer()).toBeNull();
    expect(h.partner.remoteAnswer('c1')).toBeNull();
    expect(h.events).toEqual([]);
    expect(h.logs.filter((l) => l.payload.message === 'remote answer ignored').map((l) => l.payload.reason)).toEqual([
      'nothing ringing to answer',
      'c1 is not ringing to answer',
    ]);
  });

  it('without a callId, remote answer picks the most recently created ringing leg', async () => {
    const h = makeHarness();
    await h.partner.dial('+15555550199');
    h.partner.remoteAnswer();
    await h.partner.addParticipant('+15555550177', 'c1', false);
    expect(h.partner.remoteAnswer()?.id).toBe('c2');
  });

  it('remote hangup with nothing to hang up, or an unknown id, is ignored and logged', () => {
    const h = makeHarness();
    expect(h.partner.remoteHangup()).toEqual([]);
    expect(h.partner.remoteHangup('ghost')).toEqual([]);
    expect(h.events).toEqual([]);
    expect(h.logs.filter((l) => l.payload.message === 'remote hangup ignored').map((l) => l.payload.reason)).toEqual([
      'no customer call',
      'no call ghost',
    ]);
  });

  it('the supervised call ending ends the supervisor leg without touching the agent', async () => {
    const h = makeHarness();
    await h.partner.superviseCall('other');
    h.take();
    expect(h.partner.remoteHangup('c1').map((c) => c.role)).toEqual(['supervisor']);
    expect(h.take()).toEqual(['remoteHangup:c1:ended', 'stateChanged']);
  });
});

describe('setPartnerStatus', () => {
  it('announces origin partner, returns whether anything changed, and refuses unknown codes', () => {
    const h = makeHarness();
    expect(h.partner.setPartnerStatus('BREAK')).toBe(true);
    expect(h.partner.setPartnerStatus('BREAK')).toBe(false);
    expect(h.take()).toEqual(['statusChanged:AVAILABLE>BREAK(partner)', 'stateChanged']);
    expect(() => h.partner.setPartnerStatus('nope')).toThrow('unknown partner status "nope"');
  });
});
