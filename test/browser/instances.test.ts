/**
 * Several console tabs of one agent (CONTRACT §6) in a real Chromium: separate host
 * pages of one browser context, each framing the built connector cross-origin from a
 * Salesforce-origin page, with Debian's default (third-party storage blocked, so
 * `localStorage` and Web Locks are denied in the frame; BroadcastChannel works). Embedded
 * partner mode. Omni-Channel presence is the user's: a status change reaches every tab's
 * host, so the tests send each SET_AGENT_STATUS to every tab.
 */
import { connectorConfig, PRESENCE_STATUSES, sleep, STATUS_ID, type BrowserSession } from './harness';
import { browserSuite } from './suite';

/** Time given to a message that must NOT arrive. */
const QUIET_MS = 500;
/** The contract's bound on a takeover. */
const TAKEOVER_LIMIT_MS = 2_000;

const suite = browserSuite();

async function tabs(n: number, allowThirdPartyStorage = false): Promise<BrowserSession[]> {
  const first = await suite.open({ allowThirdPartyStorage });
  const all = [first];
  for (let i = 1; i < n; i++) all.push(await first.openTab());
  for (const t of all) await t.connect(connectorConfig());
  return all;
}

type StatusKey = keyof typeof STATUS_ID;

/** Omni changes presence: every tab's host sends SET_AGENT_STATUS; each answers success. */
async function omni(all: readonly BrowserSession[], key: StatusKey, enqueueNextState = false): Promise<void> {
  const statusId = STATUS_ID[key];
  const { statusName } = PRESENCE_STATUSES[statusId];
  const before = await Promise.all(all.map(async (t) => (await t.events('SET_AGENT_STATUS_RESULT')).length));
  for (const t of all) {
    await t.send({ type: 'SET_AGENT_STATUS', agentStatus: 'Online', statusInfo: { statusId, statusApiName: statusName, statusName }, enqueueNextState });
  }
  for (const [i, t] of all.entries()) expect((await t.waitForEvent('SET_AGENT_STATUS_RESULT', before[i])).payload).toEqual({ success: true });
}

async function publishedEverywhere(all: readonly BrowserSession[]): Promise<string[]> {
  const lists = await Promise.all(all.map(async (t) => (await t.events('SET_AGENT_STATUS')).map((e) => (e.payload as { statusId: string }).statusId)));
  return lists.flat();
}

/** A customer call rings; every tab reports it; returns the call as each tab saw it. */
async function ring(all: readonly BrowserSession[]): Promise<Record<string, unknown>[]> {
  const s = all[0] as BrowserSession;
  await s.sim({ type: 'INCOMING_CALL', phoneNumber: '+15555550100' });
  return Promise.all(all.map(async (t) => (await t.waitForEvent('CALL_STARTED')).payload as Record<string, unknown>));
}

/** The callId Salesforce got with a call event (the payload is the call, or `{ call }`). */
function callIdOf(payload: Record<string, unknown>): string {
  const id = payload.callId ?? (payload.call as { callId?: unknown } | undefined)?.callId;
  if (typeof id !== 'string' || id.length === 0) throw new Error(`no callId in ${JSON.stringify(payload).slice(0, 200)}`);
  return id;
}

/** The call to send back in ACCEPT_CALL, END_CALL, WRAP_UP_CALL. */
function callOf(payload: Record<string, unknown> | undefined): unknown {
  return payload === undefined ? undefined : payload.call ?? payload;
}

describe('several connector instances of one agent act as one connector', () => {
  it('a call rings once with one callId in every tab; answered in one, no other reports it missed after the ring time', async () => {
    const all = await tabs(2);
    const [a, b] = all as [BrowserSession, BrowserSession];
    await omni(all, 'available');
    await a.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE');
    const calls = await ring(all);
    expect(new Set(calls.map(callIdOf)).size).toBe(1);
    await b.send({ type: 'ACCEPT_CALL', call: callOf(calls[1]) });
    await a.waitForSim('connected', (st) => st.callState === 'connected');
    await sleep(21_000); // past the simulator's 20 s ring time
    for (const t of all) expect(await t.events('HANGUP')).toEqual([]);
    expect((await a.simState())?.callState).toBe('connected');
    for (const t of all) expect(await t.events('CALL_STARTED')).toHaveLength(1);
  }, 60_000);

  it('three tabs: a partner change is published once; the echoes from every tab move nothing', async () => {
    const all = await tabs(3);
    const a = all[0] as BrowserSession;
    await omni(all, 'available');
    await a.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await waitUntil(async () => (await publishedEverywhere(all)).length === 1);
    await a.sim({ type: 'SET_PARTNER_STATUS', status: 'AVAILABLE' });
    await waitUntil(async () => (await publishedEverywhere(all)).length === 2);
    await omni(all, 'away');
    await omni(all, 'available');
    await sleep(QUIET_MS);
    expect((await publishedEverywhere(all)).sort()).toEqual([STATUS_ID.available, STATUS_ID.away].sort());
    const state = await a.waitForSim('settled', (st) => st.partnerStatus === 'AVAILABLE');
    expect(state.syncLog.filter((e) => e.direction === 'toPartner' && e.outcome === 'applied').map((e) => e.to)).toEqual([STATUS_ID.available]);
  });

  it('the guard is the agent\'s: a partner BREAK during a call answered in another tab is published by nobody', async () => {
    const all = await tabs(2);
    const [a, b] = all as [BrowserSession, BrowserSession];
    await omni(all, 'available');
    const calls = await ring(all);
    await b.send({ type: 'ACCEPT_CALL', call: callOf(calls[1]) });
    await a.waitForSim('connected', (st) => st.callState === 'connected');
    await a.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await a.waitForSim('ignored', (st) => st.syncLog.some((e) => e.direction === 'toSalesforce' && e.outcome === 'ignored'));
    await sleep(QUIET_MS);
    expect(await publishedEverywhere(all)).toEqual([]);
  });

  it('closing the publishing tab mid-call with a pending change: another takes over within 2 s with the call and the change', async () => {
    const all = await tabs(3);
    const [a, b, c] = all as [BrowserSession, BrowserSession, BrowserSession];
    await omni(all, 'available');
    const calls = await ring(all);
    await c.send({ type: 'ACCEPT_CALL', call: callOf(calls[2]) });
    await b.waitForSim('connected', (st) => st.callState === 'connected');
    await omni(all, 'busy', true);
    await b.waitForSim('pending Busy', (st) => st.pending?.statusId === STATUS_ID.busy);
    const t0 = Date.now();
    await a.page.close();
    const state = await b.waitForSim('a new leader answers', () => true, TAKEOVER_LIMIT_MS + 1_000);
    expect(Date.now() - t0).toBeLessThan(TAKEOVER_LIMIT_MS + 500);
    expect(state.callState).toBe('connected');
    expect(state.pending?.statusId).toBe(STATUS_ID.busy);
    await b.send({ type: 'END_CALL', call: callOf(calls[1]) });
    await b.waitForSim('wrap-up', (st) => st.callState === 'wrapup');
    await c.send({ type: 'WRAP_UP_CALL', call: callOf(calls[2]) });
    const after = await b.waitForSim('Busy applied', (st) => st.partnerStatus === 'MEETING' && st.callState === 'idle');
    expect(after.pending).toBeNull();
    for (const t of [b, c]) {
      expect((await t.events('HANGUP')).filter((e) => JSON.stringify(e.payload).includes('error'))).toEqual([]);
    }
  });

  it('reloading the publishing tab mid-call keeps the call (replayed on its CONNECTOR_READY) and the pending change', async () => {
    const all = await tabs(2);
    const [a, b] = all as [BrowserSession, BrowserSession];
    await omni(all, 'available');
    const calls = await ring(all);
    await a.send({ type: 'ACCEPT_CALL', call: callOf(calls[0]) });
    await b.waitForSim('connected', (st) => st.callState === 'connected');
    await omni(all, 'away', true);
    await a.reloadAdapter();
    const ready = await a.connect(connectorConfig());
    expect(JSON.stringify(ready.payload)).toContain(callIdOf(calls[0] ?? {}));
    const state = await b.waitForSim('after reload', () => true);
    expect(state.callState).toBe('connected');
    expect(state.pending?.statusId).toBe(STATUS_ID.away);
  });

  it('an answer and a hold in one tab show in every tab: one CALL_CONNECTED and one HOLD_TOGGLE each', async () => {
    const all = await tabs(2);
    const [a, b] = all as [BrowserSession, BrowserSession];
    await omni(all, 'available');
    const calls = await ring(all);
    await b.send({ type: 'ACCEPT_CALL', call: callOf(calls[1]) });
    expect(callIdOf((await a.waitForEvent('CALL_CONNECTED')).payload as Record<string, unknown>)).toBe(callIdOf(calls[0] ?? {}));
    await b.send({ type: 'HOLD', call: callOf(calls[1]) });
    expect((await a.waitForEvent('HOLD_TOGGLE')).payload).toMatchObject({ isCustomerOnHold: true });
    await sleep(QUIET_MS);
    // The acting tab's own are the base library's, after the connector's answer.
    for (const t of all) {
      expect(await t.events('CALL_CONNECTED')).toHaveLength(1);
      expect(await t.events('HOLD_TOGGLE')).toHaveLength(1);
    }
  });

  it('§7.4: a tab reloaded during wrap-up that another tab shows leaves that wrap-up to it', async () => {
    const all = await tabs(2);
    const [a, b] = all as [BrowserSession, BrowserSession];
    await omni(all, 'available');
    const calls = await ring(all);
    await a.send({ type: 'ACCEPT_CALL', call: callOf(calls[0]) });
    await a.waitForSim('connected', (st) => st.callState === 'connected');
    await a.send({ type: 'END_CALL', call: callOf(calls[0]) });
    await b.waitForEvent('AFTER_CALL_WORK_STARTED');
    await b.reloadAdapter();
    await b.connect(connectorConfig());
    await sleep(6_000); // past §7.4's 5 s for a lone tab
    expect((await a.simState())?.callState).toBe('wrapup');
    await a.send({ type: 'WRAP_UP_CALL', call: callOf(calls[0]) });
    await a.waitForSim('idle', (st) => st.callState === 'idle');
  }, 30_000);

  it('with third-party storage allowed, the same: one call, one callId', async () => {
    const all = await tabs(2, true);
    await omni(all, 'available');
    const calls = await ring(all);
    expect(new Set(calls.map(callIdOf)).size).toBe(1);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}
