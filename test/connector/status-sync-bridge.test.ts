/**
 * The status-sync bridge's own duties, through the real base-library protocol: storage
 * scoped per agent, what it tells Salesforce about the partner, effects that fail,
 * listeners that throw, persisted data it cannot use, and what it logs. Found missing by
 * mutation testing (`npm run test:mutation`).
 */
import { PERSISTED_VERSION, StatusSyncBridge, storageKeyFor } from '../../src/connector/status-sync-bridge';
import { MemoryStore } from '../../src/platform/storage';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS, type StartOptions } from '../support/salesforce-double';

let sf: SalesforceDouble;

async function load(config: Record<string, unknown> = {}, options: StartOptions = {}): Promise<void> {
  const channel = new FakeBroadcastChannel();
  sf = await SalesforceDouble.start({ connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, ...config }, openChannel: () => channel, ...options });
}

afterEach(() => sf?.close());

async function omni(statusId: string, enqueueNextState = false): Promise<unknown> {
  sf.mark();
  sf.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId }, enqueueNextState });
  await sf.settle();
  return sf.eventsSinceMark().find((e) => e.type === 'SET_AGENT_STATUS_RESULT' || e.type === 'ERROR');
}

function logsOf(eventType: string): { payload: unknown; isError: boolean }[] {
  return sf.logs().filter((l) => l.eventType === eventType).map((l) => ({ payload: l.payload as unknown, isError: l.isError }));
}

describe('storage is scoped per org, user and call center', () => {
  it('names the key after the three ids, "-" for a missing or empty one', () => {
    expect(storageKeyFor({ organizationId: '00Dxx', userId: '005xx', callCenterId: '04vxx' })).toBe(`scv-status-sync:v${PERSISTED_VERSION}:00Dxx:005xx:04vxx`);
    expect(storageKeyFor({ organizationId: '', userId: 5, callCenterId: null })).toBe(`scv-status-sync:v${PERSISTED_VERSION}:-:-:-`);
  });

  it('encodes each id and cuts it to 64 characters, so no id can forge another key', () => {
    const long = 'x'.repeat(65);
    expect(storageKeyFor({ organizationId: 'a:b', userId: long, callCenterId: '%' })).toBe(`scv-status-sync:v${PERSISTED_VERSION}:a%3Ab:${'x'.repeat(64)}:%25`);
  });

  it("another agent on the same browser does not get the first one's pending change", async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    await load({ userId: '005A' }, { store, clock });
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall('+14155550142');
    await sf.settle();
    await omni(STATUS.AWAY, true);
    expect(sf.page.status.view().pending).toMatchObject({ statusId: STATUS.AWAY });
    sf.close();
    await load({ userId: '005B' }, { store, clock });
    expect(sf.page.status.view().pending).toBeNull();
    sf.close();
    await load({ userId: '005A' }, { store, clock });
    expect(sf.page.status.view().pending).toMatchObject({ statusId: STATUS.AWAY });
  });
});

describe("what the bridge tells Salesforce about the partner's status", () => {
  it.each([
    ['AVAILABLE', 'AVAILABLE'],
    ['BREAK', 'BUSY'],
    ['OFFLINE', 'OFFLINE'],
  ] as const)('partner %s is statusType %s', async (status, statusType) => {
    await load();
    sf.page.partner.setPartnerStatus(status);
    await sf.settle();
    sf.send('GET_AGENT_STATUS');
    expect(await sf.waitForEvent('GET_AGENT_STATUS_RESULT')).toMatchObject({ statusId: status, statusType, statusName: status });
  });
});

describe('SET_AGENT_STATUS input', () => {
  it('accepts a statusId of up to 64 characters; a longer or empty one is refused as invalid', async () => {
    await load();
    const id64 = 'i'.repeat(64);
    await omni(id64);
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ outcome: 'invalid', to: id64 });
    await omni('i'.repeat(65));
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ outcome: 'invalid', to: '?', reason: 'SET_AGENT_STATUS without statusInfo.statusId' });
    await omni('');
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ outcome: 'invalid', to: '?' });
  });

  it('an invalid change is logged as an error, a valid one as a plain STATUS_SYNC line', async () => {
    await load();
    await omni('nope');
    await omni(STATUS.AWAY);
    expect(logsOf('STATUS_SYNC').map((l) => [(l.payload as { outcome: string }).outcome, l.isError])).toEqual([
      ['invalid', true],
      ['applied', false],
    ]);
  });

  it('enqueueNextState counts only when it is exactly true', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    sf.page.partner.incomingCall('+14155550142');
    await sf.settle();
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId: STATUS.AWAY }, enqueueNextState: 'yes' });
    await sf.settle();
    expect(sf.page.status.view().pending).toBeNull();
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });
});

describe('before the connector is configured', () => {
  it('a bridge that was never configured shows an empty view and refuses status changes', async () => {
    await load();
    const bridge = new StatusSyncBridge({ partner: sf.page.partner, clock: sf.clock, store: new MemoryStore() });
    expect(bridge.view()).toEqual({ salesforceStatusId: null, pending: null, syncLog: [] });
    await expect(bridge.setAgentStatus('Online', { statusId: STATUS.AWAY }, false)).rejects.toMatchObject({ message: expect.stringContaining('not configured') });
    bridge.flush(); // nothing to write: no effect, no throw
    await expect(bridge.logout()).resolves.toBeUndefined();
  });
});

describe('an effect that fails', () => {
  it('is logged with the effect and why, Salesforce is told the change failed, and the next change tries again', async () => {
    await load();
    await omni(STATUS.AVAILABLE);
    const setStatus = jest.spyOn(sf.page.partner, 'setStatus').mockRejectedValueOnce(new Error('partner busy'));
    const result = await omni(STATUS.AWAY);
    expect(result).toEqual({ type: 'SET_AGENT_STATUS_RESULT', payload: { success: false } });
    expect(logsOf('STATUS_SYNC_EFFECT_FAILED')).toEqual([
      { payload: { effect: 'setPartnerStatus', message: 'setPartnerStatus failed: partner busy' }, isError: true },
    ]);
    expect(sf.page.partner.getStatus()).toBe('AVAILABLE');
    setStatus.mockRestore();
    expect(await omni(STATUS.AWAY)).toMatchObject({ type: 'SET_AGENT_STATUS_RESULT', payload: { success: true } });
    expect(sf.page.partner.getStatus()).toBe('BREAK');
  });
});

describe('listeners', () => {
  it('a listener that throws is logged and does not keep the others from hearing of the decision', async () => {
    await load();
    const heard: string[] = [];
    sf.page.status.onChange(() => {
      throw new Error('listener broke');
    });
    const off = sf.page.status.onChange(() => heard.push('second'));
    await omni(STATUS.AWAY);
    expect(heard.length).toBeGreaterThan(0);
    expect(logsOf('STATUS_SYNC_LISTENER_FAILED')[0]).toEqual({ payload: { message: 'listener broke' }, isError: true });
    off();
    const before = heard.length;
    await omni(STATUS.BUSY);
    expect(heard).toHaveLength(before);
  });
});

describe('persisted data the bridge cannot use', () => {
  it('a part written by another version is ignored with a warning', async () => {
    const store = new MemoryStore();
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: PERSISTED_VERSION + 1, state: { salesforceStatusId: STATUS.AWAY } }));
    await load({}, { store });
    expect(logsOf('STATUS_SYNC_STORAGE_WARNING')).toEqual([{ payload: { message: 'persisted state ignored: unsupported persisted version' }, isError: true }]);
    expect(sf.page.status.view().salesforceStatusId).toBeNull();
  });

  it('a state whose fields do not fit the current table is used in part, naming what was dropped', async () => {
    const store = new MemoryStore();
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: PERSISTED_VERSION, state: { salesforceStatusId: '0N5xx000000GONE', salesforceNext: null } }));
    await load({}, { store });
    expect(logsOf('STATUS_SYNC_STORAGE_WARNING')).toEqual([{ payload: { message: 'persisted sync state partly unreadable; dropped: salesforceStatusId' }, isError: true }]);
  });

  it('a state that is not an object still restores the sync log', async () => {
    const store = new MemoryStore();
    const entry = { at: 1, direction: 'toPartner', from: null, to: STATUS.AWAY, outcome: 'applied', reason: 'before the reload' };
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: PERSISTED_VERSION, state: 'garbage' }));
    store.set('scv-status-sync:v1:-:-:-:log', JSON.stringify({ v: PERSISTED_VERSION, log: [entry] }));
    await load({}, { store });
    expect(sf.page.status.view().syncLog).toEqual([entry]);
  });

  it('userPresenceStatuses holding only Offline, without an issue, is used as it is (not the persisted table)', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    await load({}, { store, clock });
    sf.close();
    const onlyOffline = JSON.stringify({ '0': { statusName: 'Offline', hasChannels: 'false', isOffline: 'true', statusId: '0' } });
    await load({ userPresenceStatuses: onlyOffline, '/statusSync/statusMap': '' }, { store, clock });
    expect(await omni(STATUS.AWAY)).toEqual({ type: 'SET_AGENT_STATUS_RESULT', payload: { success: false } });
    expect(logsOf('STATUS_SYNC_CONFIG_ERROR')).toEqual([]);
  });
});

describe('what the bridge reports once configured', () => {
  it('one STATUS_SYNC_CONFIGURED line with the policy, the counts and whether storage is durable', async () => {
    await load({ '/statusSync/onCallPolicy': 'defer' });
    expect(logsOf('STATUS_SYNC_CONFIGURED')).toEqual([{ payload: { policy: 'defer', statuses: 4, statusMapEntries: 3, persisted: sf.store.durable }, isError: false }]);
  });

  it('each configuration issue is one STATUS_SYNC_CONFIG_ERROR line naming its source and entry', async () => {
    await load({ '/statusSync/statusMap': 'Away=BRAEK', '/statusSync/onCallPolicy': 'later' });
    const issues = logsOf('STATUS_SYNC_CONFIG_ERROR').map((l) => l.payload as { source: string; entry: string | null });
    expect(issues.map((i) => [i.source, i.entry])).toEqual([
      ['statusMap', 'Away=BRAEK'],
      ['onCallPolicy', 'later'],
    ]);
  });
});

describe('flush', () => {
  it('writes the sync log at once, and the deferred write that was due then writes nothing', async () => {
    await load();
    const store = new MemoryStore();
    const deferred: (() => void)[] = [];
    const bridge = new StatusSyncBridge({ partner: sf.page.partner, clock: sf.clock, store, log: () => undefined, later: (job) => deferred.push(job) });
    bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    const key = 'scv-status-sync:v1:-:-:-:log';
    sf.page.partner.setPartnerStatus('MEETING');
    expect(store.get(key)).toBeNull();
    expect(deferred).toHaveLength(1);
    bridge.flush();
    expect(store.get(key)).toContain('MEETING');
    store.set(key, 'overwritten');
    for (const job of deferred) job();
    bridge.flush();
    expect(store.get(key)).toBe('overwritten');
  });
});

describe('a partner change before Salesforce connects', () => {
  it('is not published if the partner moved on again before the connector was ready', async () => {
    const store = new MemoryStore();
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: 1, state: { salesforceStatusId: STATUS.AVAILABLE } }));
    let early: SalesforceDouble['page'] | undefined;
    sf = await SalesforceDouble.start({
      connectorConfig: DEFAULT_CONNECTOR_CONFIG,
      store,
      build: (fresh, deps) => {
        const page = fresh.index.bootstrap({ clock: deps.clock, store: deps.store, openChannel: () => new FakeBroadcastChannel(), partnerOptions: { initialStatus: 'AVAILABLE' } });
        page.partner.setPartnerStatus('BREAK');
        early = page;
        return { connector: page.connector, dispose: () => page.dispose() };
      },
    });
    sf.mark();
    // Before the tick that would publish BREAK, the partner moves on; only that change is published.
    early?.partner.setPartnerStatus('MEETING');
    await sf.settle();
    expect(sf.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId)).toEqual([STATUS.BUSY]);
  });
});
