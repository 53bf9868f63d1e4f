/**
 * The status-sync bridge between a networked partner and the rules: late pushes, resyncs,
 * a partner change made before Salesforce connects, the connection coming and going,
 * teardown, and what its own API answers. Asked for by mutation testing of the bridge
 * (`npm run test:mutation`). Two rigs: the whole connector on a scripted partner through
 * the base-library protocol, and the bridge alone on one (for its API and timers).
 */
import { StatusSyncBridge } from '../../src/connector/status-sync-bridge';
import type { PartnerEvent } from '../../src/partner/partner-telephony';
import { MemoryStore } from '../../src/platform/storage';
import { STATUS_CATALOGUE } from '../../src/partner/core/status-catalogue';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };

let sf: SalesforceDouble | undefined;
afterEach(() => sf?.close());

/** The connector in remote mode on a scripted partner; Omni and the partner both Available. */
async function connected(remote?: ScriptedPartner): Promise<{ sf: SalesforceDouble; remote: ScriptedPartner; clock: FakeClock; seqs: number[] }> {
  const clock = new FakeClock();
  const partner = remote ?? new ScriptedPartner(clock);
  const seqs: number[] = [];
  partner.subscribe((e) => seqs.push(e.seq));
  sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => partner } });
  await omni(sf, STATUS.AVAILABLE);
  return { sf, remote: partner, clock, seqs };
}

async function omni(double: SalesforceDouble, statusId: string, enqueueNextState = false): Promise<void> {
  double.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId }, enqueueNextState });
  await double.settle();
}

function published(double: SalesforceDouble): string[] {
  return double.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId);
}

function logsOf(double: SalesforceDouble, eventType: string): { payload: unknown; isError: boolean }[] {
  return double.logs().filter((l) => l.eventType === eventType).map((l) => ({ payload: l.payload as unknown, isError: l.isError }));
}

describe('a late or repeated push from the partner', () => {
  it('is not published and is logged as stale, whether its seq equals the last one or is older', async () => {
    const { sf, remote, clock, seqs } = await connected();
    remote.server.setStatus('MEETING', 'partner', 'a supervisor');
    await sf.settle();
    const last = seqs.at(-1)!;
    sf.mark();
    for (const seq of [last, last - 1]) {
      remote.pushRaw({ type: 'statusChanged', status: 'BREAK', previous: 'AVAILABLE', origin: 'partner', reason: 'late', seq, at: clock.now() });
    }
    await sf.settle();
    expect(published(sf)).toEqual([]);
    expect(logsOf(sf, 'STATUS_SYNC_STALE_EVENT').map((l) => l.payload)).toEqual([
      { event: 'statusChanged', seq: last, lastSeq: last },
      { event: 'statusChanged', seq: last - 1, lastSeq: last },
    ]);
    // The next real change is news again.
    remote.server.setStatus('BREAK', 'partner', 'a break');
    await sf.settle();
    expect(published(sf)).toEqual([STATUS.AWAY]);
  });
});

describe('a resync (the partner replaced its mirror)', () => {
  it('publishes a status that changed while the connection was down, once', async () => {
    const { sf, remote, clock } = await connected();
    remote.drop();
    await sf.settle();
    clock.advance(1_000);
    remote.server.setStatus('MEETING', 'partner', 'a supervisor, while we were away');
    sf.mark();
    remote.restore('resync');
    await sf.settle();
    expect(published(sf)).toEqual([STATUS.BUSY]);
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ direction: 'toSalesforce', to: 'MEETING', outcome: 'applied' });
  });

  it('with nothing changed, decides nothing and is never taken for a stale push', async () => {
    const { sf, remote } = await connected();
    const entries = sf.page.status.view().syncLog.length;
    remote.drop();
    await sf.settle();
    sf.mark();
    remote.restore('resync'); // nothing was missed: the scripted partner numbers it 0
    await sf.settle();
    expect(published(sf)).toEqual([]);
    expect(sf.page.status.view().syncLog).toHaveLength(entries);
    expect(logsOf(sf, 'STATUS_SYNC_STALE_EVENT')).toEqual([]);
  });
});

describe('the connection coming back', () => {
  it('a drop within the tick after a reconnect keeps an Omni change held (the reconnect is not applied late)', async () => {
    const { sf, remote } = await connected();
    remote.drop();
    await sf.settle();
    await omni(sf, STATUS.AWAY);
    expect(sf.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
    remote.restore('replay');
    remote.drop(); // before the bridge's tick
    await sf.settle();
    expect(remote.server.status).toBe('AVAILABLE');
    expect(sf.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
    remote.restore('replay');
    await sf.settle();
    expect(remote.server.status).toBe('BREAK');
    expect(sf.page.status.view().pending).toBeNull();
  });

  it('a connector that starts while the partner is unreachable holds Omni changes until it connects', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    remote.connectAs = 'unavailable';
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote } });
    await omni(sf, STATUS.AWAY);
    expect(sf.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ outcome: 'deferred', reason: expect.stringContaining('partner disconnected') });
    expect(remote.sent).not.toContain('setStatus');
  });
});

describe('the partner\'s status catalogue', () => {
  it('each problem in it is one STATUS_SYNC_CONFIG_ERROR line naming the catalogue', async () => {
    const clock = new FakeClock();
    const odd = [...STATUS_CATALOGUE, { id: 'AVAILABLE', label: 'Again', kind: 'routable' }] as unknown as typeof STATUS_CATALOGUE;
    await connected(new ScriptedPartner(clock, 'AVAILABLE', odd));
    const lines = logsOf(sf!, 'STATUS_SYNC_CONFIG_ERROR');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({ payload: { source: 'statusCatalogue', entry: null, message: expect.stringContaining('catalogue entry 7 skipped') }, isError: true });
  });
});

describe('a tie between Omni and the partner during a call', () => {
  it('at the same instant of the page\'s monotonic clock, Salesforce wins and the partner change is superseded', async () => {
    const { sf, remote } = await connected();
    remote.server.incomingCall();
    await sf.settle();
    await omni(sf, STATUS.AWAY, true);
    sf.mark();
    remote.server.setStatus('MEETING', 'partner', 'a supervisor');
    await sf.settle();
    expect(published(sf)).toEqual([]);
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ direction: 'toSalesforce', outcome: 'superseded', reason: expect.stringContaining('tie with a Salesforce change') });
  });
});

describe('persisted state the bridge can use only in part', () => {
  it('names every field it dropped, comma-separated', async () => {
    const store = new MemoryStore();
    const state = { salesforceStatusId: '0N5xx000000GONE', salesforceNext: '0N5xx000000LOST' };
    store.set('scv-status-sync:v1:-:-:-:state', JSON.stringify({ v: 1, state }));
    sf = await SalesforceDouble.start({ store, connectorConfig: DEFAULT_CONNECTOR_CONFIG });
    expect(logsOf(sf, 'STATUS_SYNC_STORAGE_WARNING').map((l) => l.payload)).toEqual([
      { message: 'persisted sync state partly unreadable; dropped: salesforceStatusId, salesforceNext' },
    ]);
  });
});

describe('persisted state that is whole', () => {
  it('is restored without a storage warning', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    sf = await SalesforceDouble.start({ clock, store, connectorConfig: DEFAULT_CONNECTOR_CONFIG });
    await omni(sf, STATUS.AWAY);
    sf.close();
    sf = await SalesforceDouble.start({ clock, store, connectorConfig: DEFAULT_CONNECTOR_CONFIG });
    expect(sf.page.status.view().salesforceStatusId).toBe(STATUS.AWAY);
    expect(logsOf(sf, 'STATUS_SYNC_STORAGE_WARNING')).toEqual([]);
  });
});

// ── the bridge alone ─────────────────────────────────────────────────────────

interface Alone {
  readonly bridge: StatusSyncBridge;
  readonly partner: ScriptedPartner;
  readonly clock: FakeClock;
  readonly store: MemoryStore;
  /** Pushes a partner-side status change as the partner's n-th event. */
  push(status: 'BREAK' | 'MEETING' | 'AVAILABLE', origin?: 'partner' | 'connector'): void;
}

function alone(options: { later?: (job: () => void) => void } = {}): Alone & { readonly lines: { eventType: string; payload: Record<string, unknown> }[] } {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock);
  const store = new MemoryStore();
  const lines: { eventType: string; payload: Record<string, unknown> }[] = [];
  const bridge = new StatusSyncBridge({ partner, clock, store, log: (eventType, payload) => lines.push({ eventType, payload }), ...options });
  let seq = 0;
  const push: Alone['push'] = (status, origin = 'partner') => {
    const previous = partner.getStatus();
    // The far end changes, then its event arrives (the scripted partner holds it while not connected).
    partner.server.setStatus(status, origin, 'test');
    const event: PartnerEvent = { type: 'statusChanged', status, previous, origin, reason: 'test', seq: ++seq, at: clock.now() };
    partner.pushRaw(event);
  };
  return { bridge, partner, clock, store, push, lines };
}

/** The partner changes decided for Salesforce, as `partnerStatus:outcome`. */
function toSalesforce(bridge: StatusSyncBridge): string[] {
  return bridge.view().syncLog.filter((e) => e.direction === 'toSalesforce').map((e) => `${e.to}:${e.outcome}`);
}

describe('a partner change before Salesforce connects (the bridge alone)', () => {
  it('is decided a tick after configure, stamped with the bridge\'s clock and logged to its sink', () => {
    const a = alone();
    a.clock.advance(5_000);
    a.push('BREAK');
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    expect(toSalesforce(a.bridge)).toEqual([]);
    a.clock.advance(0);
    expect(toSalesforce(a.bridge)).toEqual(['BREAK:applied']);
    const entry = a.bridge.view().syncLog.at(-1);
    expect(entry?.at).toBe(a.clock.now());
    expect(a.lines).toContainEqual({ eventType: 'STATUS_SYNC', payload: { ...entry } });
  });

  it('is still the one decided when other partner events followed it', () => {
    const a = alone();
    a.push('BREAK');
    a.partner.pushRaw({ type: 'callStateChanged', state: 'idle', previous: 'idle', seq: 50, at: a.clock.now() });
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    a.clock.advance(0);
    expect(toSalesforce(a.bridge)).toEqual(['BREAK:applied']);
  });

  it('is not remembered when the connector itself asked for it', () => {
    const a = alone();
    a.push('BREAK', 'connector');
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    a.clock.advance(0);
    expect(toSalesforce(a.bridge)).toEqual([]);
  });

  it('is dropped when the bridge is disposed before its tick', () => {
    const a = alone();
    a.push('BREAK');
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    a.bridge.dispose();
    a.clock.advance(10);
    expect(toSalesforce(a.bridge)).toEqual([]);
  });
});

describe('dispose (the bridge alone)', () => {
  it('stops listening to the partner', () => {
    const a = alone();
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    a.clock.advance(0);
    a.bridge.dispose();
    a.push('MEETING');
    a.clock.advance(0);
    expect(toSalesforce(a.bridge)).toEqual([]);
  });
});

describe('the sync log write (the bridge alone)', () => {
  it('by default waits for a 0 ms timer of the bridge\'s clock', () => {
    const a = alone({});
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    a.clock.advance(0);
    const key = 'scv-status-sync:v1:-:-:-:log';
    const before = a.store.get(key);
    a.push('MEETING');
    expect(a.store.get(key)).toBe(before);
    a.clock.advance(0);
    expect(a.store.get(key)).toContain('MEETING');
  });
});

describe('setAgentStatus as the connector calls it (the bridge alone)', () => {
  it('refuses before configure with CAN_NOT_SET_AGENT_STATUS', async () => {
    const a = alone();
    await expect(a.bridge.setAgentStatus('Online', { statusId: STATUS.AWAY }, false)).rejects.toMatchObject({ type: 'CAN_NOT_SET_AGENT_STATUS' });
  });

  it('refuses an unknown status with INVALID_AGENT_STATUS and the rules\' reason', async () => {
    const a = alone();
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    const refusal = a.bridge.setAgentStatus('Online', { statusId: 'nope' }, false);
    await expect(refusal).rejects.toMatchObject({ type: 'INVALID_AGENT_STATUS' });
    const reason = a.bridge.view().syncLog.at(-1)?.reason ?? 'no entry';
    expect(reason).toEqual(expect.stringContaining('nope'));
    await expect(refusal).rejects.toThrow(reason);
  });

  it('refuses a statusId that is not a string (an array of one) as invalid', async () => {
    const a = alone();
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    await expect(a.bridge.setAgentStatus('Online', { statusId: [STATUS.AWAY] }, false)).rejects.toMatchObject({ type: 'INVALID_AGENT_STATUS' });
    expect(a.bridge.view().syncLog.at(-1)).toMatchObject({ outcome: 'invalid', to: '?' });
  });

  it('answers CAN_NOT_SET_AGENT_STATUS with the partner\'s failure when the change could not be made', async () => {
    const a = alone();
    await a.partner.connect();
    a.bridge.configure(DEFAULT_CONNECTOR_CONFIG);
    jest.spyOn(a.partner, 'setStatus').mockRejectedValueOnce(new Error('partner busy'));
    const failed = a.bridge.setAgentStatus('Online', { statusId: STATUS.AWAY }, false);
    await expect(failed).rejects.toMatchObject({ type: 'CAN_NOT_SET_AGENT_STATUS' });
    await expect(failed).rejects.toThrow('partner busy');
  });
});
