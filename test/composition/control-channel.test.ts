import { savedSchedule } from '../support/simulator-state';
import { attachControlChannel, CONTROL_CHANNEL_NAME, type ControlChannel } from '../../src/composition/control-channel';
import type { SyncView } from '../../src/status-sync/types';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { makeHarness, type Harness, type LogLine } from '../partner/simulator/harness';

/** Lets queued microtasks (the coalesced STATE post) run. */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface Rig {
  h: Harness;
  channel: FakeBroadcastChannel;
  control: ControlChannel;
  logs: LogLine[];
  view: { current: SyncView | null };
}

function rig(view: SyncView | null = null): Rig {
  const h = makeHarness();
  const channel = new FakeBroadcastChannel();
  const logs: LogLine[] = [];
  const holder = { current: view };
  const control = attachControlChannel({
    partner: h.partner,
    channel,
    syncView: () => holder.current,
    log: (eventType, payload, isError) => logs.push({ eventType, payload, isError }),
  });
  return { h, channel, control, logs, view: holder };
}

const SYNC_VIEW: SyncView = {
  salesforceStatusId: '0N5xx0000004D56',
  pending: { direction: 'toPartner', status: 'BREAK', statusId: '0N5xx0000004D56' },
  syncLog: [{ at: 1, direction: 'toSalesforce', from: 'AVAILABLE', to: '0N5xx0000004D56', outcome: 'applied', reason: 'partner change, agent idle' }],
};

describe('control channel: STATE', () => {
  it('answers GET_STATE at once with exactly the CONTRACT §4 fields, sync fields null/[] without a sync view', () => {
    const { channel } = rig();
    channel.deliver({ type: 'GET_STATE' });
    expect(channel.posted).toEqual([
      { type: 'STATE', partnerStatus: 'AVAILABLE', routable: true, callState: 'idle', salesforceStatusId: null, pending: null, syncLog: [] },
    ]);
  });

  it('carries the sync view: salesforceStatusId, pending (statusId only where mapped) and the sync log', () => {
    const { channel, view } = rig(SYNC_VIEW);
    channel.deliver({ type: 'GET_STATE' });
    view.current = { ...SYNC_VIEW, pending: { direction: 'toSalesforce', status: 'LUNCH' } };
    channel.deliver({ type: 'GET_STATE' });
    expect(channel.posted).toEqual([
      { type: 'STATE', partnerStatus: 'AVAILABLE', routable: true, callState: 'idle', ...SYNC_VIEW },
      { type: 'STATE', partnerStatus: 'AVAILABLE', routable: true, callState: 'idle', ...SYNC_VIEW, pending: { direction: 'toSalesforce', status: 'LUNCH' } },
    ]);
    expect(Object.keys(channel.posted[1] as object)).toEqual(['type', 'partnerStatus', 'routable', 'callState', 'salesforceStatusId', 'pending', 'syncLog']);
  });

  it('posts one STATE after several changes in the same task', async () => {
    const { h, channel, control } = rig();
    h.partner.setPartnerStatus('BREAK');
    h.partner.setPartnerStatus('AVAILABLE');
    h.partner.incomingCall();
    control.postState();
    expect(channel.posted).toEqual([]);
    await flush();
    expect(channel.posted).toEqual([
      { type: 'STATE', partnerStatus: 'AVAILABLE', routable: true, callState: 'ringing', salesforceStatusId: null, pending: null, syncLog: [] },
    ]);
    h.clock.advance(30_000);
    await flush();
    expect(channel.posted).toHaveLength(2);
    expect(channel.posted[1]).toMatchObject({ callState: 'idle' });
  });

  it('postState alone (a sync decision) posts a STATE', async () => {
    const { channel, control } = rig();
    control.postState();
    await flush();
    expect(channel.posted).toHaveLength(1);
  });

  it('a syncView that throws gives a STATE without sync data and a logged error', () => {
    const h = makeHarness();
    const channel = new FakeBroadcastChannel();
    const logs: LogLine[] = [];
    attachControlChannel({
      partner: h.partner,
      channel,
      syncView: () => {
        throw new Error('not ready');
      },
      log: (eventType, payload, isError) => logs.push({ eventType, payload, isError }),
    });
    channel.deliver({ type: 'GET_STATE' });
    expect(channel.posted).toEqual([
      { type: 'STATE', partnerStatus: 'AVAILABLE', routable: true, callState: 'idle', salesforceStatusId: null, pending: null, syncLog: [] },
    ]);
    expect(logs.map((l) => l.payload)).toEqual([{ message: 'syncView failed; STATE sent without sync data', reason: 'not ready' }]);
  });

  it('ignores STATE messages (its own echoed back, or another page’s) without a log line', () => {
    const { channel, logs } = rig();
    channel.deliver({ type: 'STATE', partnerStatus: 'BREAK' });
    expect(channel.posted).toEqual([]);
    expect(logs).toEqual([]);
  });
});

describe('control channel: commands', () => {
  it('SET_PARTNER_STATUS changes the status with origin partner', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'SET_PARTNER_STATUS', status: 'LUNCH' });
    expect(h.raw[0]).toEqual({ type: 'statusChanged', status: 'LUNCH', previous: 'AVAILABLE', origin: 'partner', reason: 'set through the control channel', seq: 1, at: h.clock.now() });
  });

  it('SCHEDULE_STATUS with and without a duration', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 1_000, durationMs: 2_000 });
    channel.deliver({ type: 'SCHEDULE_STATUS', status: 'LUNCH', startInMs: 5_000 });
    h.clock.advance(999);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
    h.clock.advance(1);
    expect(h.partner.getStatus()).toBe('BREAK');
    h.clock.advance(2_000);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
    h.clock.advance(2_000);
    expect(h.partner.getStatus()).toBe('LUNCH');
  });

  it('SCHEDULE_STATUS with durationMs null (JSON has no undefined) is a break with no return', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'SCHEDULE_STATUS', status: 'MEETING', startInMs: 10, durationMs: null });
    h.clock.advance(10);
    expect(h.partner.getStatus()).toBe('MEETING');
    expect(savedSchedule(h.store)).toEqual([]);
  });

  it('INCOMING_CALL takes any caller id a network may present', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: 'anonymous' });
    expect(h.partner.getCalls()[0]?.phoneNumber).toBe('anonymous');
  });

  it('INCOMING_CALL rings with the given or the default number; REMOTE_HANGUP ends it', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: '+1 (555) 555-0142' });
    expect(h.partner.getCalls()[0]?.phoneNumber).toBe('+1 (555) 555-0142');
    channel.deliver({ type: 'REMOTE_HANGUP' });
    expect(h.partner.getCallState()).toBe('idle');
    channel.deliver({ type: 'INCOMING_CALL' });
    expect(h.partner.getCalls()[0]?.phoneNumber).toBe('+15555550123');
    channel.deliver({ type: 'REMOTE_HANGUP', callId: 'c2' });
    expect(h.partner.getCalls()).toEqual([]);
  });

  it('INCOMING_CALL while not routable is refused by the partner and logged there', () => {
    const { h, channel } = rig();
    h.partner.setPartnerStatus('BREAK');
    h.take();
    channel.deliver({ type: 'INCOMING_CALL' });
    expect(h.take()).toEqual(['callRefused:status BREAK is not routable']);
  });

  it('REMOTE_ANSWER answers a dialled call, by id or the latest one', async () => {
    const { h, channel } = rig();
    await h.partner.dial('+15555550199');
    channel.deliver({ type: 'REMOTE_ANSWER', callId: 'c1' });
    expect(h.partner.getCallState()).toBe('connected');
    await h.partner.addParticipant('+15555550177', 'c1', false);
    channel.deliver({ type: 'REMOTE_ANSWER' });
    expect(h.partner.getCalls().map((c) => c.state)).toEqual(['held', 'connected']);
  });

  const GARBAGE: [string, unknown, string][] = [
    ['null', null, 'message is null, expected an object with a type'],
    ['a string', 'GET_STATE', 'message is string, expected an object with a type'],
    ['a number', 42, 'message is number, expected an object with a type'],
    ['an array', [{ type: 'GET_STATE' }], 'message is an array, expected an object with a type'],
    ['undefined', undefined, 'message is undefined, expected an object with a type'],
    ['no type', {}, 'unknown message type, expected one of SET_PARTNER_STATUS, SCHEDULE_STATUS, INCOMING_CALL, REMOTE_ANSWER, REMOTE_HANGUP, GET_STATE'],
    ['an unknown type', { type: 'REBOOT' }, 'unknown message type, expected one of SET_PARTNER_STATUS, SCHEDULE_STATUS, INCOMING_CALL, REMOTE_ANSWER, REMOTE_HANGUP, GET_STATE'],
    ['a lower-case type', { type: 'get_state' }, 'unknown message type, expected one of SET_PARTNER_STATUS, SCHEDULE_STATUS, INCOMING_CALL, REMOTE_ANSWER, REMOTE_HANGUP, GET_STATE'],
    ['an unknown status', { type: 'SET_PARTNER_STATUS', status: 'BRAEK' }, 'SET_PARTNER_STATUS: status must be one of AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE'],
    ['a missing status', { type: 'SET_PARTNER_STATUS' }, 'SET_PARTNER_STATUS: status must be one of AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE'],
    ['a schedule with an unknown status', { type: 'SCHEDULE_STATUS', status: 'available', startInMs: 0 }, 'SCHEDULE_STATUS: status must be one of AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE'],
    ['a negative start', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: -1 }, 'message refused: startInMs must be a number from 0 to 86400000'],
    ['a NaN start', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: Number.NaN }, 'message refused: startInMs must be a number from 0 to 86400000'],
    ['a string start', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: '10' }, 'message refused: startInMs must be a number from 0 to 86400000'],
    ['a huge start', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 1e12 }, 'message refused: startInMs must be a number from 0 to 86400000'],
    ['a zero duration', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 0, durationMs: 0 }, 'message refused: durationMs must be a number from 1 to 86400000'],
    ['an infinite duration', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 0, durationMs: Number.POSITIVE_INFINITY }, 'message refused: durationMs must be a number from 1 to 86400000'],
    ['a numeric phone number', { type: 'INCOMING_CALL', phoneNumber: 15555550142 }, 'INCOMING_CALL: phoneNumber, when given, must be a caller id of 1-64 characters'],
    ['an empty caller id', { type: 'INCOMING_CALL', phoneNumber: ' ' }, 'INCOMING_CALL: phoneNumber, when given, must be a caller id of 1-64 characters'],
    ['an overlong caller id', { type: 'INCOMING_CALL', phoneNumber: '1'.repeat(65) }, 'INCOMING_CALL: phoneNumber, when given, must be a caller id of 1-64 characters'],
    ['a numeric callId', { type: 'REMOTE_ANSWER', callId: 1 }, 'REMOTE_ANSWER: callId, when given, must be the id of a live call'],
    ['an empty callId', { type: 'REMOTE_HANGUP', callId: '' }, 'REMOTE_HANGUP: callId, when given, must be the id of a live call'],
    ['an overlong callId', { type: 'REMOTE_HANGUP', callId: 'x'.repeat(201) }, 'REMOTE_HANGUP: callId, when given, must be the id of a live call'],
    ['an unknown callId to answer', { type: 'REMOTE_ANSWER', callId: 'ghost' }, 'REMOTE_ANSWER: callId, when given, must be the id of a live call'],
    ['an unknown callId to hang up', { type: 'REMOTE_HANGUP', callId: 'ghost' }, 'REMOTE_HANGUP: callId, when given, must be the id of a live call'],
  ];

  it.each(GARBAGE)('ignores %s with a logged reason, changing nothing', async (_what, data, reason) => {
    const { h, channel, logs } = rig();
    expect(() => channel.deliver(data)).not.toThrow();
    await flush();
    expect(h.events).toEqual([]);
    expect(channel.posted).toEqual([]);
    expect(savedSchedule(h.store)).toEqual([]);
    expect(logs).toEqual([{ eventType: 'PARTNER_SIMULATOR_CONTROL', payload: { message: 'control message ignored', reason }, isError: true }]);
  });

  it('a garbage message with a phone number never puts the number in the log', () => {
    const { channel, logs } = rig();
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: '+1555555014x' });
    expect(JSON.stringify(logs)).not.toContain('555555014');
  });

  it('a message whose field getters throw never throws out', () => {
    const { channel, logs } = rig();
    const hostileType = {
      get type(): string {
        throw new Error('no type');
      },
    };
    const hostile = {
      type: 'SET_PARTNER_STATUS',
      get status(): string {
        throw new Error('gotcha');
      },
    };
    expect(() => channel.deliver(hostile)).not.toThrow();
    expect(() => channel.deliver(hostileType)).not.toThrow();
    expect(logs.map((l) => l.payload.reason)).toEqual([
      'message refused: gotcha',
      'message refused: no type',
    ]);
  });

  it('extra fields on a valid command are tolerated', () => {
    const { h, channel } = rig();
    channel.deliver({ type: 'SET_PARTNER_STATUS', status: 'MEETING', from: 'test page' });
    expect(h.partner.getStatus()).toBe('MEETING');
  });
});

describe('control channel: lifecycle', () => {
  it('detach stops listening and posting, closes the channel, and is idempotent', async () => {
    const { h, channel, control, logs } = rig();
    h.partner.setPartnerStatus('BREAK');
    control.detach();
    control.detach();
    await flush();
    expect(channel.posted).toEqual([]);
    expect(channel.closed).toBe(true);
    expect(channel.listenerCount()).toBe(0);
    h.partner.setPartnerStatus('LUNCH');
    control.postState();
    await flush();
    expect(channel.posted).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('a channel that fails to post is logged, not thrown', async () => {
    const { h, channel, logs } = rig();
    channel.close();
    h.partner.setPartnerStatus('BREAK');
    await flush();
    expect(logs.map((l) => l.payload)).toEqual([{ message: 'could not post STATE', reason: 'InvalidStateError: the channel is closed' }]);
  });

  it('works over a real BroadcastChannel named scv-partner-simulator', async () => {
    const h = makeHarness();
    const remote = new BroadcastChannel(CONTROL_CHANNEL_NAME);
    const received: unknown[] = [];
    remote.onmessage = (e: MessageEvent): void => {
      received.push(e.data);
    };
    const control = attachControlChannel({ partner: h.partner, channel: new BroadcastChannel(CONTROL_CHANNEL_NAME), syncView: () => null, log: () => undefined });
    try {
      remote.postMessage({ type: 'SET_PARTNER_STATUS', status: 'TRAINING' });
      for (let i = 0; i < 50 && received.length === 0; i++) await flush();
      expect(h.partner.getStatus()).toBe('TRAINING');
      expect(received).toEqual([
        { type: 'STATE', partnerStatus: 'TRAINING', routable: false, callState: 'idle', salesforceStatusId: null, pending: null, syncLog: [] },
      ]);
    } finally {
      control.detach();
      remote.close();
    }
  });
});
