/**
 * What a status change does before its answer and what after (issue 9): the answer to
 * Salesforce leaves first; log lines, STATE and storage writes follow one task later,
 * and a `pagehide` writes them at once, so a reload keeps them.
 */
import { MemoryStore } from '../../src/platform/storage';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS, type ReceivedMessage } from '../support/salesforce-double';

/** Counts the writes that reach the page's store (localStorage in the browser). */
class CountingStore extends MemoryStore {
  writes = 0;
  override set(key: string, value: string): void {
    this.writes++;
    super.set(key, value);
  }
}

const SIM_KEY = 'scv-partner-simulator:v1';
const STATE_KEY = 'scv-status-sync:v1:-:-:-:state';

let sf: SalesforceDouble;
let store: CountingStore;
let channel: FakeBroadcastChannel;

async function load(withStore = new CountingStore()): Promise<void> {
  store = withStore;
  channel = new FakeBroadcastChannel();
  sf = await SalesforceDouble.start({ connectorConfig: DEFAULT_CONNECTOR_CONFIG, store, openChannel: () => channel });
  await sf.settle();
}

afterEach(() => sf.close());

function isEvent(type: string): (m: ReceivedMessage) => boolean {
  return (m) => m.type === 'TELEPHONY_EVENT_DISPATCHED' && (m.payload as { telephonyEventType?: string }).telephonyEventType === type;
}

function isLog(eventType: string): (m: ReceivedMessage) => boolean {
  return (m) => m.type === 'LOG' && (m.payload as { eventType?: string }).eventType === eventType;
}

const states = (): number => channel.posted.filter((m) => (m as { type?: string }).type === 'STATE').length;

describe('Omni → partner: SET_AGENT_STATUS_RESULT before the bookkeeping', () => {
  it('the answer arrives while no write, no log line of ours and no STATE has happened; they follow a task later', async () => {
    await load();
    const from = sf.messages().length;
    const writes = store.writes;
    const statesBefore = states();
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId: STATUS.AWAY }, enqueueNextState: false });
    // The fake clock stands still: deferred work cannot have run.
    expect(await sf.waitForEvent('SET_AGENT_STATUS_RESULT')).toMatchObject({ success: true });
    expect(sf.page.partner.getStatus()).toBe('BREAK');
    expect(store.writes).toBe(writes);
    expect(states()).toBe(statesBefore);
    expect(sf.messages().slice(from).filter((m) => isLog('STATUS_SYNC')(m) || isLog('PARTNER_SIMULATOR')(m))).toEqual([]);

    await sf.settle();
    const after = sf.messages().slice(from);
    const answer = after.findIndex(isEvent('SET_AGENT_STATUS_RESULT'));
    expect(after.findIndex(isLog('PARTNER_SIMULATOR'))).toBeGreaterThan(answer);
    expect(after.findIndex(isLog('STATUS_SYNC'))).toBeGreaterThan(answer);
    expect(store.writes).toBeGreaterThan(writes);
    expect(JSON.parse(store.get(SIM_KEY) ?? '{}')).toMatchObject({ status: 'BREAK' });
    expect(JSON.parse(store.get(STATE_KEY) ?? '{}')).toMatchObject({ state: { salesforceStatusId: STATUS.AWAY } });
    expect(states()).toBe(statesBefore + 1);
  });
});

describe('partner → Omni: SET_AGENT_STATUS before the bookkeeping', () => {
  it("the published status is the first thing on the port; the simulator's and the sync's log lines come after it", async () => {
    await load();
    const from = sf.messages().length;
    const writes = store.writes;
    sf.page.partner.setPartnerStatus('MEETING');
    expect(store.writes).toBe(writes);
    await sf.settle();
    const after = sf.messages().slice(from);
    expect(after.findIndex(isEvent('SET_AGENT_STATUS'))).toBe(0);
    expect(after.findIndex(isLog('PARTNER_SIMULATOR'))).toBeGreaterThan(0);
    expect(after.findIndex(isLog('STATUS_SYNC'))).toBeGreaterThan(0);
    expect(store.writes).toBeGreaterThan(writes);
  });
});

describe('pagehide writes what is deferred, so a reload keeps it', () => {
  it('a change whose writes are still deferred reaches the store on pagehide, and the reloaded page restores it', async () => {
    await load();
    sf.page.partner.setPartnerStatus('LUNCH');
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId: STATUS.BUSY }, enqueueNextState: false });
    await sf.waitForEvent('SET_AGENT_STATUS_RESULT');
    expect(JSON.parse(store.get(SIM_KEY) ?? '{}')).not.toMatchObject({ status: 'MEETING' });

    window.dispatchEvent(new Event('pagehide'));
    // Written at once, before any timer could run.
    expect(JSON.parse(store.get(SIM_KEY) ?? '{}')).toMatchObject({ status: 'MEETING' });
    expect(JSON.parse(store.get(STATE_KEY) ?? '{}')).toMatchObject({ state: { salesforceStatusId: STATUS.BUSY } });
    expect(store.get('scv-status-sync:v1:-:-:-:log')).toContain(STATUS.BUSY);

    const { clock } = sf;
    sf.close();
    sf = await SalesforceDouble.start({ connectorConfig: DEFAULT_CONNECTOR_CONFIG, store, clock, openChannel: () => new FakeBroadcastChannel() });
    expect(sf.page.partner.getStatus()).toBe('MEETING');
    expect(sf.page.status.view()).toMatchObject({ salesforceStatusId: STATUS.BUSY });
  });
});
