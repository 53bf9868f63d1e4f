/**
 * CONTRACT §7.3 and §7.8 through the real protocol, over jsdom's `localStorage` (which
 * enforces a quota like a browser's) opened by the page's own `openStorage`.
 */
import { openStorage } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, PRESENCE_STATUSES_JSON, SalesforceDouble, STATUS, type Payload } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';
let sf: SalesforceDouble | undefined;
const warnings: string[] = [];

afterEach(() => {
  sf?.close();
  sf = undefined;
  localStorage.clear();
  warnings.length = 0;
});

async function load(clock: FakeClock, connectorConfig: unknown = DEFAULT_CONNECTOR_CONFIG): Promise<SalesforceDouble> {
  sf = await SalesforceDouble.start({ clock, store: openStorage((w) => warnings.push(w)), connectorConfig, partnerOptions: { initialStatus: 'OFFLINE' } });
  return sf;
}

async function omni(s: SalesforceDouble, statusId: string, enqueueNextState = false): Promise<Payload> {
  return s.request('SET_AGENT_STATUS', { statusInfo: { statusId }, enqueueNextState }, 'SET_AGENT_STATUS_RESULT');
}

/** Fills the origin's storage until not one more character fits. */
function fillQuota(): void {
  let n = 0;
  for (let size = 1 << 22; size >= 1; size = Math.floor(size / 2)) {
    for (;;) {
      try {
        localStorage.setItem(`filler-${n++}`, 'x'.repeat(size));
      } catch {
        break;
      }
    }
  }
}

function freeQuota(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key);
}

/** Pending changes applied by this page load (each decision is logged to Salesforce once). */
function pendingApplied(s: SalesforceDouble): number {
  return s.logs().filter((l) => l.eventType === 'STATUS_SYNC' && /pending change applied/.test(String(l.payload.reason))).length;
}

describe('a full storage quota (CONTRACT 7.3)', () => {
  it('a reload on a full quota reads the call and the pending change back; once they end, no reload brings them back or applies them again', async () => {
    const clock = new FakeClock();
    let s = await load(clock);
    await omni(s, STATUS.AVAILABLE);
    s.page.partner.incomingCall(CUSTOMER);
    const call = await s.waitForEvent('CALL_STARTED');
    await s.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    await omni(s, STATUS.AWAY, true);
    s.close();

    fillQuota();
    s = await load(clock);
    expect(s.ready()).toMatchObject({ callInProgress: { state: 'connected' } });
    expect(warnings[0]).toMatch(/^storage full or read-only/);
    expect(s.page.partner.getStatus()).toBe('AVAILABLE');
    expect(s.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
    s.page.partner.remoteHangup();
    await s.settle();
    s.send('WRAP_UP_CALL', { call });
    await s.settle();
    expect(s.page.partner.getStatus()).toBe('BREAK');
    expect(pendingApplied(s)).toBe(1);
    s.close();

    // Still full, then with space again: neither reload resurrects the call or re-applies the change.
    for (const free of [false, true]) {
      if (free) freeQuota();
      s = await load(clock);
      expect(s.ready()).toMatchObject({ callInProgress: null });
      expect(s.page.partner.getCallState()).toBe('idle');
      expect(s.page.partner.getStatus()).toBe('BREAK');
      expect(s.page.status.view().pending).toBeNull();
      await s.settle();
      expect(pendingApplied(s)).toBe(0);
      expect(s.eventTypesSinceMark()).toEqual([]);
      s.close();
    }
  });
});

/** A valid `userPresenceStatuses` of at least `chars` characters (thousands of statuses). */
function hugePresence(chars: number): string {
  const statuses = JSON.parse(PRESENCE_STATUSES_JSON) as Record<string, unknown>;
  let length = PRESENCE_STATUSES_JSON.length;
  for (let i = 0; length < chars; i++) {
    const id = `0N5yy${String(i).padStart(10, '0')}`;
    const status = { statusName: `Extra status number ${i} with a long descriptive name`, hasChannels: 'false', isOffline: 'false', statusId: id };
    statuses[id] = status;
    length += JSON.stringify(status).length + id.length + 4;
  }
  return JSON.stringify(statuses);
}

describe('a large configuration (CONTRACT 7.8)', () => {
  it('a 5 MiB userPresenceStatuses does not switch off the persistence of calls and pending changes', async () => {
    const clock = new FakeClock();
    const config = { ...DEFAULT_CONNECTOR_CONFIG, userPresenceStatuses: hugePresence(5 * 1024 * 1024) };
    // Other data of the origin already holds most of the quota: the table (a third of the map) no longer fits.
    localStorage.setItem('filler-other', 'x'.repeat(3_500_000));
    let s = await load(clock, config);
    await omni(s, STATUS.AVAILABLE);
    s.page.partner.incomingCall(CUSTOMER);
    const call = await s.waitForEvent('CALL_STARTED');
    await s.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    await omni(s, STATUS.AWAY, true);
    const firstLoadErrors = s.errors().map((l) => JSON.stringify(l.payload)).join('\n');
    s.close();

    s = await load(clock, config);
    expect(s.ready()).toMatchObject({ callInProgress: { state: 'connected' } });
    expect(s.page.status.view().pending).toMatchObject({ direction: 'toPartner', statusId: STATUS.AWAY });
    expect(s.errors().some((l) => /storage/.test(JSON.stringify(l.payload)) && !/mapping table/.test(JSON.stringify(l.payload)))).toBe(false);
    expect(firstLoadErrors).toMatch(/mapping table not persisted/);
  }, 30_000);
});
