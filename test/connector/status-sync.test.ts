/**
 * Two-way agent status sync, rules 1–9 of CONTRACT §5, through the real base-library
 * protocol: the Salesforce double posts SETUP_CONNECTOR and SET_AGENT_STATUS over a
 * MessageChannel, the simulated partner is driven as its remote control would, and the
 * simulator's STATE messages are read from its control channel.
 */
import type { PartnerEvent } from '../../src/partner/partner-telephony';
import { MemoryStore, type KeyValueStore } from '../../src/platform/storage';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, PRESENCE_STATUSES_JSON, SalesforceDouble, STATUS, type StartOptions } from '../support/salesforce-double';
import { SHIPPED_STATUS_MAP } from '../support/status-fixtures';

const CUSTOMER = '+14155550142';
const NAMES: Record<string, string> = { [STATUS.OFFLINE]: 'Offline', [STATUS.AVAILABLE]: 'Available', [STATUS.AWAY]: 'Away', [STATUS.BUSY]: 'Busy' };

interface StateMessage {
  type: 'STATE';
  partnerStatus: string;
  callState: string;
  salesforceStatusId: string | null;
  pending: { direction: string; status: string; statusId?: string } | null;
  syncLog: { outcome: string; direction: string; to: string; reason: string }[];
}

let sf: SalesforceDouble;
let channel: FakeBroadcastChannel;
let partnerEvents: PartnerEvent[];

async function load(config: Record<string, unknown> = {}, options: StartOptions = {}): Promise<void> {
  channel = new FakeBroadcastChannel();
  sf = await SalesforceDouble.start({
    connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, ...config },
    openChannel: () => channel,
    ...options,
  });
  partnerEvents = [];
  sf.page.partner.subscribe((e) => partnerEvents.push(e));
}

afterEach(() => sf.close());

/** Omni sets a status; resolves with SET_AGENT_STATUS_RESULT's payload. */
async function omni(statusId: string, enqueueNextState = false): Promise<{ success: boolean }> {
  const statusInfo = { statusId, statusName: NAMES[statusId] ?? 'Unknown', statusApiName: NAMES[statusId] ?? 'Unknown' };
  const result = await sf.request('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo, enqueueNextState }, 'SET_AGENT_STATUS_RESULT');
  await sf.settle();
  return result as { success: boolean };
}

/** The partner system changes the agent's status (a supervisor, a WFM schedule). */
async function partner(status: Parameters<SalesforceDouble['page']['partner']['setPartnerStatus']>[0]): Promise<void> {
  sf.mark();
  sf.page.partner.setPartnerStatus(status);
  await sf.settle();
}

function published(): string[] {
  return sf.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId);
}

function partnerTransitions(): string[] {
  return partnerEvents.flatMap((e) => (e.type === 'statusChanged' ? [e.status] : []));
}

async function state(): Promise<StateMessage> {
  channel.deliver({ type: 'GET_STATE' });
  await sf.settle();
  const states = channel.posted.filter((m): m is StateMessage => (m as { type?: string }).type === 'STATE');
  return states[states.length - 1]!;
}

async function lastOutcome(): Promise<string | undefined> {
  const log = (await state()).syncLog;
  return log[log.length - 1]?.outcome;
}

async function ringAndAnswer(): Promise<unknown> {
  sf.mark();
  sf.page.partner.incomingCall(CUSTOMER);
  const call = await sf.waitForEvent('CALL_STARTED');
  await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
  return call;
}

async function hangUpAndWrapUp(call: unknown): Promise<void> {
  sf.page.partner.remoteHangup();
  await sf.settle();
  expect(sf.page.partner.getCallState()).toBe('wrapup');
  sf.send('WRAP_UP_CALL', { call });
  await sf.settle();
  expect(sf.page.partner.getCallState()).toBe('idle');
}

describe('rule 1: Omni change, agent idle', () => {
  it('Omni picks Away: SET_AGENT_STATUS_RESULT success, the partner goes BREAK at once', async () => {
    await load();
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
    expect(sf.page.partner.getStatus()).toBe('BREAK');
    expect(partnerTransitions()).toEqual(['BREAK']);
    expect(await state()).toMatchObject({ partnerStatus: 'BREAK', salesforceStatusId: STATUS.AWAY, pending: null });
    expect(await lastOutcome()).toBe('applied');
  });
});

describe('rule 2: partner change, agent idle', () => {
  it('a supervisor puts the agent in a MEETING: SET_AGENT_STATUS {statusId: Busy} reaches Salesforce at once', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await partner('MEETING');
    expect(sf.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS')).toEqual([{ type: 'SET_AGENT_STATUS', payload: { statusId: STATUS.BUSY } }]);
  });

  it('the partner logs the agent off: statusId "0" is published', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await partner('OFFLINE');
    expect(published()).toEqual([STATUS.OFFLINE]);
  });
});

describe('rule 3: echo', () => {
  it('Salesforce answers our published Away with setAgentStatus(Away): success, no second partner transition, nothing loops', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await partner('BREAK');
    expect(published()).toEqual([STATUS.AWAY]);
    partnerEvents.length = 0;
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
    expect(partnerTransitions()).toEqual([]);
    expect(published()).toEqual([]);
    expect(await lastOutcome()).toBe('echo');
  });
});

describe('rule 4: call-state guard', () => {
  it('ignore (default): a break scheduled during a call is dropped and the partner set back; nothing is published, then or after', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    const call = await ringAndAnswer();
    sf.mark();
    sf.page.partner.scheduleStatus('BREAK', 1000);
    sf.clock.advance(1000);
    await sf.settle();
    expect(sf.page.partner.getStatus()).toBe('AVAILABLE');
    expect(await lastOutcome()).toBe('ignored');
    await hangUpAndWrapUp(call);
    expect(published()).toEqual([]);
  });

  it('ignore while ringing: the guard is up from the first ring', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.settle();
    await partner('BREAK');
    expect(published()).toEqual([]);
    expect(sf.page.partner.getStatus()).toBe('AVAILABLE');
  });

  it('defer: only the latest partner change is published, once, when wrap-up ends with WRAP_UP_CALL', async () => {
    await load({ '/statusSync/onCallPolicy': 'defer' });
    await omni(STATUS.AVAILABLE);
    const call = await ringAndAnswer();
    await partner('BREAK');
    await partner('MEETING');
    expect(await state()).toMatchObject({ pending: { direction: 'toSalesforce', status: 'MEETING', statusId: STATUS.BUSY } });
    sf.mark();
    await hangUpAndWrapUp(call);
    expect(published()).toEqual([STATUS.BUSY]);
    expect((await state()).pending).toBeNull();
  });

  it('defer: when the latest deferred change is unmapped, nothing is published', async () => {
    await load({ '/statusSync/onCallPolicy': 'defer' });
    await omni(STATUS.AVAILABLE);
    const call = await ringAndAnswer();
    await partner('BREAK');
    await partner('LUNCH');
    sf.mark();
    await hangUpAndWrapUp(call);
    expect(published()).toEqual([]);
    expect(await lastOutcome()).toBe('unmapped');
  });

  it('wrap-up ends with a SET_AGENT_STATUS that is not enqueued (the agent closed the call tab)', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await ringAndAnswer();
    sf.page.partner.remoteHangup();
    await sf.settle();
    expect(sf.page.partner.getCallState()).toBe('wrapup');
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
    expect(sf.page.partner.getCallState()).toBe('idle');
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });

  it('a declined call lifts the guard at once: the deferred change is published', async () => {
    await load({ '/statusSync/onCallPolicy': 'defer' });
    await omni(STATUS.AVAILABLE);
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    const call = await sf.waitForEvent('CALL_STARTED');
    await partner('BREAK');
    expect(published()).toEqual([]);
    sf.send('DECLINE_CALL', { call });
    await sf.settle();
    expect(published()).toEqual([STATUS.AWAY]);
  });

  it('a missed call (ring timeout) lifts the guard at once', async () => {
    await load({ '/statusSync/onCallPolicy': 'defer' }, { partnerOptions: { ringTimeoutMs: 30_000 } });
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.settle();
    await partner('MEETING');
    sf.clock.advance(29_999);
    await sf.settle();
    expect(published()).toEqual([]);
    sf.clock.advance(1);
    await sf.settle();
    expect(published()).toEqual([STATUS.BUSY]);
  });
});

describe('rule 5: enqueueNextState', () => {
  it('held as pending while ringing, superseded by a newer one, applied once when the call and its wrap-up end', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    const call = await sf.waitForEvent('CALL_STARTED');
    partnerEvents.length = 0;
    expect(await omni(STATUS.AWAY, true)).toEqual({ success: true });
    expect(await state()).toMatchObject({ pending: { direction: 'toPartner', status: 'BREAK', statusId: STATUS.AWAY } });
    expect(await omni(STATUS.BUSY, true)).toEqual({ success: true });
    expect((await state()).syncLog.slice(-2).map((e) => e.outcome)).toEqual(['superseded', 'deferred']);
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    expect(partnerTransitions()).toEqual([]);
    await hangUpAndWrapUp(call);
    expect(partnerTransitions()).toEqual(['MEETING']);
    expect(await state()).toMatchObject({ pending: null, salesforceStatusId: STATUS.BUSY, partnerStatus: 'MEETING' });
  });
});

describe('rule 6: routability', () => {
  const presence = JSON.stringify({
    ...JSON.parse(PRESENCE_STATUSES_JSON),
    '0N5xx0000004PHN': { statusName: 'Phone Only', hasChannels: 'true', isOffline: 'false', statusId: '0N5xx0000004PHN' },
    '0N5xx0000004TRN': { statusName: 'Coaching', hasChannels: 'false', isOffline: 'false', statusId: '0N5xx0000004TRN' },
  });

  it('unmapped statuses fall back: routable → AVAILABLE, not routable → NOT_READY, offline → OFFLINE', async () => {
    await load({ userPresenceStatuses: presence });
    await omni('0N5xx0000004TRN');
    expect(sf.page.partner.getStatus()).toBe('NOT_READY');
    await omni('0N5xx0000004PHN');
    expect(sf.page.partner.getStatus()).toBe('AVAILABLE');
    await omni(STATUS.OFFLINE);
    expect(sf.page.partner.getStatus()).toBe('OFFLINE');
  });

  it('the partner offers calls only while the Salesforce status has channels', async () => {
    await load();
    await omni(STATUS.AWAY);
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual([]);
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.waitForEvent('CALL_STARTED');
  });

  it('a statusMap entry that would break routability is refused with a logged error', async () => {
    await load({ '/statusSync/statusMap': 'Available=AVAILABLE; Away=AVAILABLE; Busy=MEETING' });
    expect(sf.errors().some((l) => l.eventType === 'STATUS_SYNC_CONFIG_ERROR' && /Away=AVAILABLE/.test(JSON.stringify(l.payload)))).toBe(true);
    await omni(STATUS.AWAY);
    expect(sf.page.partner.getStatus()).toBe('NOT_READY');
  });
});

describe('rule 7: unmapped partner status', () => {
  it('LUNCH has no Salesforce mapping: not published, reported in the log', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await partner('LUNCH');
    expect(published()).toEqual([]);
    expect(await lastOutcome()).toBe('unmapped');
    expect(sf.logs().some((l) => l.eventType === 'STATUS_SYNC' && (l.payload as { outcome?: string }).outcome === 'unmapped')).toBe(true);
  });
});

describe('rule 8: bad input never breaks the connector', () => {
  it('malformed userPresenceStatuses: still CONNECTOR_READY, a clear error, and Offline still works', async () => {
    await load({ userPresenceStatuses: '{"0N5xx": {"statusName": ' });
    expect(sf.ready()).toMatchObject({ capabilities: { PENDING_STATUS_CHANGE: true } });
    expect(sf.errors().some((l) => l.eventType === 'STATUS_SYNC_CONFIG_ERROR' && (l.payload as { source?: string }).source === 'userPresenceStatuses')).toBe(true);
    await omni(STATUS.OFFLINE);
    expect(sf.page.partner.getStatus()).toBe('OFFLINE');
  });

  it('bad statusMap entries are named and skipped; the valid ones work', async () => {
    await load({ '/statusSync/statusMap': 'Available=AVAILABLE; Away=BRAEK; =MEETING; Busy>MEETING' });
    const messages = sf.errors().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_ERROR').map((l) => JSON.stringify(l.payload));
    expect(messages.some((m) => m.includes('BRAEK'))).toBe(true);
    expect(messages.some((m) => m.includes('=MEETING'))).toBe(true);
    await omni(STATUS.BUSY);
    expect(sf.page.partner.getStatus()).toBe('MEETING');
  });

  it('an unknown statusId is refused (success: false) and the pending change survives it', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    const call = await ringAndAnswer();
    await omni(STATUS.AWAY, true);
    expect(await omni('0N5xxDOESNOTEXIST', true)).toEqual({ success: false });
    expect(await lastOutcome()).toBe('invalid');
    expect(await state()).toMatchObject({ pending: { statusId: STATUS.AWAY } });
    await hangUpAndWrapUp(call);
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });

  it('SET_AGENT_STATUS with garbage statusInfo is refused, and the connector keeps working', async () => {
    await load();
    const result = await sf.request('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId: 42 } }, 'SET_AGENT_STATUS_RESULT');
    expect(result).toEqual({ success: false });
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
  });

  it('garbage on the simulator channel is ignored with a logged reason', async () => {
    await load();
    channel.deliver({ type: 'SET_PARTNER_STATUS', status: 'NAPPING' });
    channel.deliver('not even an object');
    channel.deliver({ type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: -5 });
    await sf.settle();
    expect(sf.page.partner.getStatus()).toBe('AVAILABLE');
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
  });
});

describe('rule 9: persistence across a reload', () => {
  it('a pending change and the call in progress survive a reload of the connector page', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    const call = await ringAndAnswer();
    await omni(STATUS.AWAY, true);
    const { store, clock } = sf;
    sf.close();

    await load({}, { store, clock });
    expect(sf.ready()).toMatchObject({ callInProgress: { state: 'connected' } });
    expect(await state()).toMatchObject({ callState: 'connected', pending: { direction: 'toPartner', statusId: STATUS.AWAY } });
    await hangUpAndWrapUp(call);
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });

  it('storage that throws: CONNECTOR_READY, one warning, and the sync works from memory', async () => {
    const blocked: KeyValueStore = new (class {
      readonly durable = false;
      get(): string | null {
        return null;
      }
      set(): void {}
      remove(): void {}
    })();
    await load({}, { store: blocked });
    await omni(STATUS.AWAY);
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });
});

describe('logout', () => {
  it('LOGOUT logs the agent out of the partner (OFFLINE) and drops what was pending', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    await ringAndAnswer();
    await omni(STATUS.AWAY, true);
    const result = await sf.request('LOGOUT', {}, 'LOGOUT_RESULT');
    await sf.settle();
    expect(result).toMatchObject({ success: true });
    expect(sf.page.partner.getStatus()).toBe('OFFLINE');
    expect((await state()).pending).toBeNull();
  });
});

describe('time', () => {
  it('sync decisions are stamped with the page clock, not the wall clock', async () => {
    const clock = new FakeClock();
    sf = await SalesforceDouble.start({ clock });
    clock.advance(1_234_567);
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Away', statusInfo: { statusId: STATUS.AWAY, statusName: 'Away' }, enqueueNextState: false });
    await sf.waitForEvent('SET_AGENT_STATUS_RESULT');
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ at: clock.now(), to: STATUS.AWAY, outcome: 'applied' });
  });
});

describe('rule 9: what is persisted, and when', () => {
  it('after a reload with unusable userPresenceStatuses, the statuses persisted earlier keep the sync working, with this statusMap', async () => {
    await load();
    const { store, clock } = sf;
    sf.close();
    await load({ userPresenceStatuses: 'not json at all' }, { store, clock });
    const errors = sf.errors().map((l) => JSON.stringify(l.payload));
    expect(errors.some((e) => /userPresenceStatuses is not valid JSON/.test(e))).toBe(true);
    expect(errors.some((e) => /unusable: keeping the statuses of the last good configuration/.test(e))).toBe(true);
    // The entries are checked against the saved statuses: all of them apply, none is reported as skipped.
    expect(errors.filter((e) => /entry skipped/.test(e))).toEqual([]);
    // The summary counts what is in effect: the saved table's three entries and four statuses.
    const configured = sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIGURED').map((l) => l.payload);
    expect(configured).toEqual([expect.objectContaining({ statuses: 4, statusMapEntries: 3 })]);
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });

  it('with unusable userPresenceStatuses, a changed statusMap applies to the saved statuses', async () => {
    await load();
    const { store, clock } = sf;
    sf.close();
    await load({ userPresenceStatuses: '[]', '/statusSync/statusMap': 'Available=AVAILABLE; Away=LUNCH; Nobody=BREAK' }, { store, clock });
    const skipped = sf.errors().map((l) => l.payload as { entry?: string; message?: string }).filter((p) => /entry skipped/.test(p.message ?? ''));
    expect(skipped.map((p) => p.entry)).toEqual(['Nobody=BREAK']);
    expect(await omni(STATUS.AWAY)).toEqual({ success: true });
    expect(sf.page.partner.getStatus()).toBe('LUNCH');
  });

  it('at configuration, a partner code with no way back to Salesforce is warned about once; the shipped map has none', async () => {
    await load(); // the contract's example map: LUNCH, TRAINING and NOT_READY have no Salesforce status
    const warnings = sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.isError).toBe(true);
    expect(String((warnings[0]!.payload as { message: string }).message)).toMatch(/^partner LUNCH, TRAINING, NOT_READY unmapped: Omni keeps its status when the partner sets one/);
    const { store, clock } = sf;
    sf.close();
    await load({ '/statusSync/statusMap': SHIPPED_STATUS_MAP }, { store, clock });
    expect(sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_WARNING')).toEqual([]);
  });

  it('STATUS_SYNC_CONFIGURED counts the statusMap entries in effect, not those written', async () => {
    await load({ '/statusSync/statusMap': 'Available=AVAILABLE; Lunchroom=LUNCH; Away=BREAK, Busy=MEETING' });
    const configured = sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIGURED').map((l) => l.payload);
    expect(configured).toEqual([expect.objectContaining({ statusMapEntries: 1 })]);
    const skipped = sf.errors().map((l) => l.payload as { entry?: string; message?: string }).filter((p) => /entry skipped/.test(p.message ?? ''));
    expect(skipped.map((p) => p.entry)).toEqual(['Away=BREAK, Busy=MEETING', 'Lunchroom=LUNCH']);
    expect(skipped[0]!.message).toMatch(/separate entries with ";"/);
  });

  it('an unreadable persisted part is skipped with a warning; the rest is used', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.settle();
    await omni(STATUS.AWAY, true);
    const { store, clock } = sf;
    sf.close();
    const logKey = 'scv-status-sync:v1:-:-:-:log';
    expect(store.get(logKey)).not.toBeNull();
    store.set(logKey, '{ corrupt');
    await load({}, { store, clock });
    expect(sf.errors().some((l) => l.eventType === 'STATUS_SYNC_STORAGE_WARNING' && /persisted log ignored/.test(JSON.stringify(l.payload)))).toBe(true);
    expect(await state()).toMatchObject({ pending: { direction: 'toPartner', statusId: STATUS.AWAY } });
  });

  it('the sync log is written one tick after a decision, not during it', async () => {
    await load();
    const key = 'scv-status-sync:v1:-:-:-:log';
    const before = sf.store.get(key);
    sf.page.partner.setPartnerStatus('MEETING');
    const during = sf.store.get(key);
    expect(during).toBe(before);
    sf.clock.advance(0);
    expect(sf.store.get(key)).not.toBe(before);
    expect(sf.store.get('scv-status-sync:v1:-:-:-:state')).toContain('salesforceStatusId');
  });
});

describe('rule 2 across a reload: a partner change before Salesforce connects', () => {
  it('a break that fell due while the page reloaded is published once Salesforce is connected', async () => {
    let early: SalesforceDouble['page'] | undefined;
    channel = new FakeBroadcastChannel();
    const store = new MemoryStore();
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: 1, state: { salesforceStatusId: STATUS.AVAILABLE } }));
    sf = await SalesforceDouble.start({
      connectorConfig: DEFAULT_CONNECTOR_CONFIG,
      store,
      build: (fresh, deps) => {
        const page = fresh.index.bootstrap({ clock: deps.clock, store: deps.store, openChannel: () => channel, partnerOptions: { initialStatus: 'AVAILABLE' } });
        // The partner moves before SETUP_CONNECTOR arrives.
        page.partner.setPartnerStatus('BREAK');
        early = page;
        return { connector: page.connector, dispose: () => page.dispose() };
      },
    });
    sf.mark();
    await sf.settle();
    expect(early?.partner.getStatus()).toBe('BREAK');
    expect(published()).toEqual([STATUS.AWAY]);
  });
});
