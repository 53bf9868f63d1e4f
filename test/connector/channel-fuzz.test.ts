/**
 * Hardening: fuzz both message channels of a live connector page — Salesforce's port
 * (through the real base library) and the simulator's BroadcastChannel — with garbage,
 * while a call is in progress and an Omni change is pending.
 *
 * Invariants after every message: nothing threw out of the page, and the pending change
 * is never lost silently: it is still pending, or the sync log says what became of it.
 * At the end the connector still works. fast-check prints the seed on failure
 * (`FC_SEED=<seed>` replays it); `FUZZ_RUNS` or `FC_RUNS_SCALE` change the run counts
 * (test/support/fc-runs.ts).
 */
import fc from 'fast-check';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { fcRuns, fcSeed } from '../support/fc-runs';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS } from '../support/salesforce-double';

// 3,000 + 10,000 cases per CI run (the port is the slow one: each message is awaited).
// Rounded: fast-check never finishes a run whose numRuns is fractional.
const PORT_RUNS = fcRuns(3000, 'FUZZ_RUNS');
const CHANNEL_RUNS = Math.round(PORT_RUNS * 10 / 3);
const seed = fcSeed();

/** Every channel message type the base library forwards, plus unknown ones. */
const SALESFORCE_TYPES = [
  'ACCEPT_CALL', 'DECLINE_CALL', 'END_CALL', 'MUTE', 'UNMUTE', 'HOLD', 'RESUME', 'SET_AGENT_STATUS',
  'GET_AGENT_STATUS', 'DIAL', 'SEND_DIGITS', 'GET_PHONE_CONTACTS', 'SWAP_PARTICIPANTS', 'ADD_PARTICIPANT',
  'CONFERENCE', 'PAUSE_RECORDING', 'RESUME_RECORDING', 'MESSAGE', 'AGENT_AVAILABLE', 'SET_AGENT_CONFIG',
  'GET_SIGNED_RECORDING_URL', 'DOWNLOAD_VENDOR_LOGS', 'LOG', 'SUPERVISE_CALL', 'SUPERVISOR_BARGE_IN',
  'SUPERVISOR_DISCONNECT', 'SETUP_CONNECTOR', 'NOT_A_TYPE', '',
];
const SIMULATOR_TYPES = ['SET_PARTNER_STATUS', 'SCHEDULE_STATUS', 'INCOMING_CALL', 'REMOTE_ANSWER', 'REMOTE_HANGUP', 'GET_STATE', 'STATE', 'BOGUS'];

/** Values that look almost right: wrong types, hostile keys, huge and odd numbers. */
const nasty = fc.oneof(
  fc.anything({ maxDepth: 2, withObjectString: true, withNullPrototype: true }),
  fc.constantFrom('__proto__', 'constructor', 'NaN', '0', 'call-1', 'call-999', STATUS.AWAY, 'BREAK', 'AVAILABLE'),
  fc.constantFrom(-1, 0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e12),
);

/** A garbage field bag: random keys plus the keys messages really use, with nasty values. */
const fields = fc.dictionary(
  fc.constantFrom('call', 'calls', 'callToHold', 'callToResume', 'contact', 'digits', 'statusInfo', 'agentStatus', 'enqueueNextState',
    'config', 'filter', 'message', 'status', 'startInMs', 'durationMs', 'callId', 'phoneNumber', 'isBlindTransfer', 'isAvailable', '__proto__'),
  nasty,
  { maxKeys: 4 },
);

/** Salesforce-side garbage that is not a legitimate order to change status or log out. */
const salesforceMessage = fc.record({ type: fc.constantFrom(...SALESFORCE_TYPES), rest: fields }).map(({ type, rest }) => ({ ...rest, type }));
const simulatorMessage = fc.oneof(
  fc.record({ type: fc.constantFrom(...SIMULATOR_TYPES), rest: fields }).map(({ type, rest }) => ({ ...rest, type })),
  nasty,
);

interface Pending {
  direction: string;
  statusId?: string;
}

describe('fuzzing both channels of a live page', () => {
  let sf: SalesforceDouble;
  let channel: FakeBroadcastChannel;
  const uncaught: unknown[] = [];
  const onUnhandled = (e: unknown): void => {
    uncaught.push(e);
  };

  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  afterEach(() => sf.close());

  async function pageWithPendingChange(): Promise<void> {
    channel = new FakeBroadcastChannel();
    sf = await SalesforceDouble.start({ connectorConfig: DEFAULT_CONNECTOR_CONFIG, openChannel: () => channel });
    await sf.request('SET_AGENT_STATUS', { statusInfo: { statusId: STATUS.AVAILABLE }, enqueueNextState: false }, 'SET_AGENT_STATUS_RESULT');
    sf.page.partner.incomingCall('+14155550142');
    const call = await sf.waitForEvent('CALL_STARTED');
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    await sf.request('SET_AGENT_STATUS', { statusInfo: { statusId: STATUS.AWAY }, enqueueNextState: true }, 'SET_AGENT_STATUS_RESULT');
    expect(sf.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
  }

  /** The pending change is still there, or a sync decision logged since accounts for it. */
  function pendingNotLost(before: Pending | null, logsBefore: number): void {
    if (before === null || sf.page.status.view().pending !== null) return;
    const decisions = sf.logs().slice(logsBefore).filter((l) => l.eventType === 'STATUS_SYNC');
    const accounted = decisions.some((l) => ['applied', 'superseded'].includes((l.payload as { outcome: string }).outcome));
    expect({ pendingBefore: before, accountedFor: accounted }).toEqual({ pendingBefore: before, accountedFor: true });
  }

  async function stillWorks(): Promise<void> {
    const { success } = await sf.request('SET_AGENT_STATUS', { statusInfo: { statusId: STATUS.BUSY }, enqueueNextState: false }, 'SET_AGENT_STATUS_RESULT');
    expect(success).toBe(true);
    expect(sf.page.partner.getStatus()).toBe('MEETING');
    channel.deliver({ type: 'GET_STATE' });
    expect(channel.posted.at(-1)).toMatchObject({ type: 'STATE', partnerStatus: 'MEETING' });
  }

  it(`Salesforce's port: ${PORT_RUNS} garbage messages through the base library`, async () => {
    await pageWithPendingChange();
    await fc.assert(
      fc.asyncProperty(salesforceMessage, async (message) => {
        const pending = sf.page.status.view().pending;
        const logsBefore = sf.logs().length;
        sf.send(String(message.type), message);
        await sf.settle();
        pendingNotLost(pending, logsBefore);
      }),
      { numRuns: PORT_RUNS, ...seed },
    );
    expect(uncaught).toEqual([]);
    await stillWorks();
  }, 600_000);

  it(`the simulator's BroadcastChannel: ${CHANNEL_RUNS} garbage messages`, async () => {
    await pageWithPendingChange();
    const pendingBefore = sf.page.status.view().pending;
    const logsBefore = sf.logs().length;
    fc.assert(
      fc.property(simulatorMessage, (message) => {
        // Garbage must be refused by validation: only well-formed commands may act.
        expect(() => channel.deliver(message)).not.toThrow();
      }),
      { numRuns: CHANNEL_RUNS, ...seed },
    );
    await sf.settle();
    // Random but well-formed commands (a remote hang-up, a status change) may act; the
    // pending change must then be accounted for, never dropped.
    pendingNotLost(pendingBefore, logsBefore);
    expect(uncaught).toEqual([]);
    await stillWorks();
  }, 600_000);
});
