/**
 * Two-way status sync end to end in a real Chromium (CONTRACT §5): the built connector
 * in a cross-site iframe, "Salesforce" posting channel messages over the port, the
 * simulator driven over its BroadcastChannel from a page on the connector's origin.
 */
import {
  connectorConfig,
  PRESENCE_STATUSES,
  sleep,
  STATUS_ID,
  type BrowserSession,
  type SimState,
} from './harness';
import { browserSuite } from './suite';

/** Time given to a message that must NOT arrive (port and BroadcastChannel are not ordered). */
const QUIET_MS = 300;

const suite = browserSuite();

async function open(config: Record<string, unknown> = connectorConfig(), allowThirdPartyStorage = false): Promise<BrowserSession> {
  const session = await suite.open({ allowThirdPartyStorage });
  await session.connect(config);
  return session;
}

type StatusKey = keyof typeof STATUS_ID;

/** Salesforce (Omni-Channel) sets the agent's status, as the base library delivers it. */
async function omniSets(s: BrowserSession, key: StatusKey, enqueueNextState = false): Promise<void> {
  const statusId = STATUS_ID[key];
  const { statusName } = PRESENCE_STATUSES[statusId];
  await s.send({
    type: 'SET_AGENT_STATUS',
    agentStatus: key === 'offline' ? 'Offline' : 'Online',
    statusInfo: { statusId, statusApiName: statusName, statusName },
    enqueueNextState,
  });
}

/** Omni sets a status and the connector answers SET_AGENT_STATUS_RESULT {success: true}. */
async function omniSetsAndSucceeds(s: BrowserSession, key: StatusKey, enqueueNextState = false): Promise<void> {
  const before = (await s.events('SET_AGENT_STATUS_RESULT')).length;
  await omniSets(s, key, enqueueNextState);
  const result = await s.waitForEvent('SET_AGENT_STATUS_RESULT', before);
  expect(result.payload).toEqual({ success: true });
}

const lastSync = (state: SimState): SimState['syncLog'][number] | undefined => state.syncLog[state.syncLog.length - 1];

/** Statuses the connector published to Salesforce so far. */
async function published(s: BrowserSession): Promise<string[]> {
  return (await s.events('SET_AGENT_STATUS')).map((e) => (e.payload as { statusId: string }).statusId);
}

/** A customer call rings, the agent accepts it in Salesforce, it connects. Returns the call as Salesforce saw it. */
async function customerCallConnects(s: BrowserSession): Promise<Record<string, unknown>> {
  const startedBefore = (await s.events('CALL_STARTED')).length;
  await s.sim({ type: 'INCOMING_CALL', phoneNumber: '+15555550100' });
  const started = await s.waitForEvent('CALL_STARTED', startedBefore);
  await s.waitForSim('ringing', (st) => st.callState === 'ringing');
  await s.send({ type: 'ACCEPT_CALL', call: started.payload });
  await s.waitForSim('connected', (st) => st.callState === 'connected');
  return started.payload as Record<string, unknown>;
}

/** The customer hangs up (the call goes to wrap-up), then the agent ends wrap-up in Salesforce. */
async function customerHangsUpAndWrapUpEnds(s: BrowserSession, call: Record<string, unknown>): Promise<void> {
  const hangupsBefore = (await s.events('HANGUP')).length;
  await s.sim({ type: 'REMOTE_HANGUP' });
  await s.waitForEvent('HANGUP', hangupsBefore);
  await s.waitForSim('wrap-up', (st) => st.callState === 'wrapup');
  await s.send({ type: 'WRAP_UP_CALL', call });
  await s.waitForSim('idle after wrap-up', (st) => st.callState === 'idle');
}

describe('status sync between Omni-Channel and the partner system, in the browser', () => {
  it('agent idle: Omni Available sets the partner AVAILABLE (routable), Omni Busy sets MEETING (not routable)', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    await s.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE' && st.routable);
    await omniSetsAndSucceeds(s, 'busy');
    const state = await s.waitForSim('MEETING', (st) => st.partnerStatus === 'MEETING');
    expect(state.routable).toBe(false);
    expect(state.salesforceStatusId).toBe(STATUS_ID.busy);
  });

  it('agent idle: the partner sets BREAK, SET_AGENT_STATUS {statusId: Away} is published at once', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    const event = await s.waitForEvent('SET_AGENT_STATUS');
    expect(event.payload).toEqual({ statusId: STATUS_ID.away });
  });

  it('echo: Salesforce answers our own published Away with setAgentStatus(Away): success, no second partner transition, no loop', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await s.waitForEvent('SET_AGENT_STATUS');

    await omniSetsAndSucceeds(s, 'away');
    const state = await s.waitForSim('echo outcome', (st) => lastSync(st)?.outcome === 'echo');
    expect(lastSync(state)).toMatchObject({ direction: 'toPartner', to: STATUS_ID.away });
    expect(state.partnerStatus).toBe('BREAK');
    // Sync-log entries toward the partner name the Salesforce statusId they carry.
    expect(state.syncLog.filter((e) => e.direction === 'toPartner' && e.to === STATUS_ID.away && e.outcome === 'applied')).toEqual([]);
    await sleep(QUIET_MS);
    expect(await published(s)).toEqual([STATUS_ID.away]);
  });

  it('on a call with onCallPolicy ignore: a partner BREAK is not published, the partner goes back to AVAILABLE, nothing after wrap-up', async () => {
    const s = await open(connectorConfig({ '/statusSync/onCallPolicy': 'ignore' }));
    await omniSetsAndSucceeds(s, 'available');
    const call = await customerCallConnects(s);

    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    const state = await s.waitForSim('ignored', (st) => lastSync(st)?.outcome === 'ignored');
    await s.waitForSim('partner back to AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE');
    expect(state.callState).toBe('connected');

    await customerHangsUpAndWrapUpEnds(s, call);
    await sleep(QUIET_MS);
    expect(await published(s)).toEqual([]);
    expect((await s.simState())?.partnerStatus).toBe('AVAILABLE');
  });

  it('on a call with onCallPolicy defer: only the latest partner change is published, when wrap-up ends', async () => {
    const s = await open(connectorConfig({ '/statusSync/onCallPolicy': 'defer' }));
    await omniSetsAndSucceeds(s, 'available');
    const call = await customerCallConnects(s);

    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'MEETING' });
    await s.waitForSim('deferred MEETING', (st) => lastSync(st)?.outcome === 'deferred' && lastSync(st)?.to === 'MEETING');
    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    const deferred = await s.waitForSim('deferred BREAK', (st) => lastSync(st)?.outcome === 'deferred' && lastSync(st)?.to === 'BREAK');
    expect(deferred.pending).toMatchObject({ direction: 'toSalesforce', status: 'BREAK' });

    // Still guarded in wrap-up.
    const hangupsBefore = (await s.events('HANGUP')).length;
    await s.sim({ type: 'REMOTE_HANGUP' });
    await s.waitForEvent('HANGUP', hangupsBefore);
    await s.waitForSim('wrap-up', (st) => st.callState === 'wrapup');
    await sleep(QUIET_MS);
    expect(await published(s)).toEqual([]);

    await s.send({ type: 'WRAP_UP_CALL', call });
    const event = await s.waitForEvent('SET_AGENT_STATUS');
    expect(event.payload).toEqual({ statusId: STATUS_ID.away });
    await sleep(QUIET_MS);
    expect(await published(s)).toEqual([STATUS_ID.away]);
  });

  it('enqueueNextState during a call: Omni Busy waits as pending and reaches the partner once, when wrap-up ends', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    const call = await customerCallConnects(s);

    await omniSetsAndSucceeds(s, 'busy', true);
    const pending = await s.waitForSim('pending toPartner', (st) => st.pending?.direction === 'toPartner');
    expect(pending.pending).toMatchObject({ status: 'MEETING', statusId: STATUS_ID.busy });
    expect(pending.partnerStatus).toBe('AVAILABLE');

    await customerHangsUpAndWrapUpEnds(s, call);
    const after = await s.waitForSim('MEETING applied', (st) => st.partnerStatus === 'MEETING' && st.pending === null);
    // Sync-log entries toward the partner name the Salesforce statusId they carry.
    const applied = after.syncLog.filter((e) => e.direction === 'toPartner' && e.to === STATUS_ID.busy && e.outcome === 'applied');
    expect(applied).toHaveLength(1);
  });

  it('routability: with Omni Busy (no channels) the partner refuses a customer call; with Available it rings', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'busy');
    await s.waitForSim('MEETING', (st) => st.partnerStatus === 'MEETING' && !st.routable);
    await s.sim({ type: 'INCOMING_CALL' });
    await sleep(QUIET_MS);
    expect(await s.events('CALL_STARTED')).toEqual([]);
    expect((await s.simState())?.callState).toBe('idle');

    await omniSetsAndSucceeds(s, 'available');
    await s.waitForSim('AVAILABLE', (st) => st.routable);
    await s.sim({ type: 'INCOMING_CALL' });
    await s.waitForEvent('CALL_STARTED');
  });

  it('routability fallback: an unmapped Omni status without channels sets the partner NOT_READY', async () => {
    const s = await open(connectorConfig({ '/statusSync/statusMap': 'Available=AVAILABLE; Away=BREAK' }));
    await omniSetsAndSucceeds(s, 'busy');
    const state = await s.waitForSim('NOT_READY', (st) => st.partnerStatus === 'NOT_READY');
    expect(state.routable).toBe(false);
  });

  it('unmapped partner status: LUNCH is not published, outcome unmapped, and reported in the log', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'LUNCH' });
    const state = await s.waitForSim('unmapped', (st) => lastSync(st)?.outcome === 'unmapped');
    expect(lastSync(state)).toMatchObject({ direction: 'toSalesforce', to: 'LUNCH' });
    await sleep(QUIET_MS);
    expect(await published(s)).toEqual([]);
    const logs = await s.logs();
    expect(logs.some((l) => JSON.stringify(l.payload).includes('LUNCH'))).toBe(true);
  });

  it('bad config and garbage simulator messages: CONNECTOR_READY anyway, a logged error, and the valid entries work', async () => {
    const s = await open(connectorConfig({ '/statusSync/statusMap': 'Available=AVAILABLE; this is not an entry; Away=NO_SUCH_CODE' }));
    const errors = (await s.logs()).filter((l) => l.isError);
    expect(errors.length).toBeGreaterThan(0);

    for (const garbage of [null, 42, 'SET_PARTNER_STATUS', { type: 'SET_PARTNER_STATUS', status: 'ON_FIRE' }, { type: 'NOPE' }]) {
      await s.sim(garbage as Record<string, unknown>);
    }
    await omniSetsAndSucceeds(s, 'available');
    await s.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE');
  });

  it('malformed userPresenceStatuses: CONNECTOR_READY anyway, with an error in the log', async () => {
    const s = await open(connectorConfig({ userPresenceStatuses: '{"0": not json' }));
    expect((await s.logs()).some((l) => l.isError)).toBe(true);
    expect(await s.simState()).not.toBeNull();
  });

  it('LOGOUT from Salesforce logs the agent out of the partner system: LOGOUT_RESULT success, partner OFFLINE', async () => {
    const s = await open();
    await omniSetsAndSucceeds(s, 'available');
    await s.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE');
    await s.send({ type: 'LOGOUT' });
    expect((await s.waitForEvent('LOGOUT_RESULT')).payload).toMatchObject({ success: true });
    const state = await s.waitForSim('OFFLINE', (st) => st.partnerStatus === 'OFFLINE');
    expect(state.routable).toBe(false);
  });

  it('reload during a call: the call in progress and the pending Omni change survive and the change applies after wrap-up', async () => {
    const s = await open(connectorConfig(), true);
    await omniSetsAndSucceeds(s, 'available');
    const call = await customerCallConnects(s);
    await omniSetsAndSucceeds(s, 'busy', true);
    await s.waitForSim('pending', (st) => st.pending?.status === 'MEETING');

    await s.reloadAdapter();
    const ready = await s.connect(connectorConfig());
    const callInProgress = (ready.payload as { callInProgress: { callId?: string } | null }).callInProgress;
    expect(callInProgress).toMatchObject({ callId: call.callId });
    const restored = await s.waitForSim('restored', (st) => st.callState === 'connected');
    expect(restored.pending).toMatchObject({ direction: 'toPartner', status: 'MEETING' });

    await customerHangsUpAndWrapUpEnds(s, call);
    await s.waitForSim('MEETING applied after reload', (st) => st.partnerStatus === 'MEETING' && st.pending === null);
  });
  it('a partner change whose storage writes are still deferred survives a reload: pagehide writes them', async () => {
    const s = await open(connectorConfig(), true);
    await omniSetsAndSucceeds(s, 'available');
    await s.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE' && st.salesforceStatusId === STATUS_ID.available);
    const publishedBefore = (await s.events('SET_AGENT_STATUS')).length;

    // Inside the adapter page: stop its timers (the connector calls window.setTimeout
    // lazily), so the deferred writes can only happen on pagehide, then change the
    // partner's status over the simulator's channel. A second listener, created after
    // the connector's, runs after it has handled the command and reads localStorage.
    const stored = await s.inAdapter(
      () =>
        new Promise<string | null>((resolve) => {
          (window as unknown as { setTimeout: () => number }).setTimeout = () => 0;
          const after = new BroadcastChannel('scv-partner-simulator');
          after.onmessage = () => resolve(localStorage.getItem('scv-partner-simulator:v1'));
          new BroadcastChannel('scv-partner-simulator').postMessage({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
        }),
    );
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ status: 'AVAILABLE' });
    // The answer did not wait for them.
    expect((await s.waitForEvent('SET_AGENT_STATUS', publishedBefore)).payload).toEqual({ statusId: STATUS_ID.away });

    await s.reloadAdapter();
    await s.connect(connectorConfig());
    const restored = await s.waitForSim('restored', (st) => st.partnerStatus === 'BREAK');
    expect(restored.salesforceStatusId).toBe(STATUS_ID.away);
    expect(restored.syncLog.some((e) => e.direction === 'toSalesforce' && e.to === 'BREAK' && e.outcome === 'applied')).toBe(true);
  });
});
