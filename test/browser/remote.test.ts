/**
 * Remote mode end to end (CONTRACT §8): the built connector in real Chromium, the real
 * partner server as a separate process (`scripts/partner-server.js`, SQLite in a temp
 * folder), the admin API playing the partner system: login form, silent login after a
 * reload, two-way sync, STATE on the simulator channel, a network drop during a call,
 * changes during a drop (CONTRACT §8: an Omni change is held; the newer change by the
 * server's clock wins), `kill -9` and a restart mid-call, two agents and one queued call,
 * two console tabs of one agent (one remote partner; mute and recording, which have no
 * partner event, reach the other tab).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN, AGENTS, admin, eventually, removeTemp, ServerProcess, stateOf, tempDir } from '../server/support';
import { BrowserSession, connectorConfig, PRESENCE_STATUSES, STATUS_ID, type Received } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();
let dir: string;
let proc: ServerProcess;
let server: { httpUrl: string; wsUrl: string };

/** The server's arguments; `port` fixed for a restart, so the connector's /partner/url stays right. */
function serverArgs(port: number): string[] {
  const agents = path.join(dir, 'agents.json');
  fs.writeFileSync(agents, JSON.stringify([...AGENTS, ...['dave', 'erin', 'frank', 'grace'].map((name, i) => ({ id: `a${i + 4}`, username: name, password: `${name}-secret-pw`, extension: `200${i + 4}` }))]));
  const db = path.join(dir, 'partner.sqlite');
  return ['--port', String(port), '--db', db, '--agents', agents, '--admin-token', ADMIN_TOKEN, '--origin', suite.server.connectorOrigin, '--ring-timeout-ms', '8000'];
}

beforeAll(async () => {
  dir = tempDir();
  const started = await ServerProcess.start(serverArgs(0));
  proc = started.proc;
  server = started;
});

afterAll(async () => {
  await proc.kill9();
  removeTemp(dir);
});

const remoteConfig = (): Record<string, unknown> => connectorConfig({ '/partner/mode': 'remote', '/partner/url': server.wsUrl });

/** Sets the connector up in remote mode and logs in through the adapter page's form. */
async function logIn(s: BrowserSession, username: string, password: string): Promise<void> {
  const gen = await s.generation();
  await s.setup(remoteConfig());
  const adapter = await s.frame('adapter');
  await adapter.getByLabel('Username').fill(username);
  await adapter.getByLabel('Password').fill(password);
  await adapter.getByRole('button', { name: 'Log in' }).click();
  await s.waitFor('CONNECTOR_READY after login', (all) => all.find((m) => m.gen === gen && m.type === 'CONNECTOR_READY'));
}

/** Omni sets a status; the connector answers success. */
async function omniSets(s: BrowserSession, key: 'available' | 'busy' | 'away'): Promise<void> {
  const before = (await s.events('SET_AGENT_STATUS_RESULT')).length;
  const statusId = STATUS_ID[key];
  const { statusName } = PRESENCE_STATUSES[statusId];
  await s.send({ type: 'SET_AGENT_STATUS', agentStatus: 'Online', statusInfo: { statusId, statusApiName: statusName, statusName }, enqueueNextState: false });
  expect((await s.waitForEvent('SET_AGENT_STATUS_RESULT', before)).payload).toEqual({ success: true });
}

/** Polls the agent's state on the server until `accept` holds. */
function serverState(agentId: string, accept: (state: { partnerStatus: string; callState: string; sessions: number }) => boolean): Promise<unknown> {
  return eventually(async () => {
    const state = await stateOf(server, agentId);
    return accept(state) && state;
  }, 20_000);
}

/** A call rings for the agent through the admin API; Salesforce accepts it; it connects on the server. */
async function callConnects(s: BrowserSession, agentId: string): Promise<void> {
  const before = (await s.events('CALL_STARTED')).length;
  expect((await admin(server, 'POST', `/admin/agents/${agentId}/commands`, { type: 'INCOMING_CALL', phoneNumber: '+15555550123' })).status).toBe(200);
  const started = await s.waitForEvent('CALL_STARTED', before);
  await s.send({ type: 'ACCEPT_CALL', call: started.payload });
  await serverState(agentId, (st) => st.callState === 'connected');
}

/** The customer hangs up on the server; the connector publishes HANGUP. */
async function customerHangsUp(s: BrowserSession, agentId: string): Promise<void> {
  const before = (await s.events('HANGUP')).length;
  expect((await admin(server, 'POST', `/admin/agents/${agentId}/commands`, { type: 'REMOTE_HANGUP' })).status).toBe(200);
  await s.waitForEvent('HANGUP', before);
}

/** The partner system sets the agent's status (admin API). */
async function partnerSets(agentId: string, status: string): Promise<void> {
  expect((await admin(server, 'POST', `/admin/agents/${agentId}/commands`, { type: 'SET_PARTNER_STATUS', status })).status).toBe(200);
}

/** Between two changes that must be ordered by the server's clock: far above the connector's clock-offset error. */
const CLOCK_MARGIN_MS = 300;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A network drop that lasts while `during` runs: the browser goes offline (its reconnects
 * fail), the server drops the agent's connection; then the network is back.
 */
async function offline(s: BrowserSession, agentId: string, during: () => Promise<void>): Promise<void> {
  await s.context.setOffline(true);
  try {
    expect((await admin(server, 'POST', `/admin/agents/${agentId}/disconnect`)).status).toBe(200);
    await serverState(agentId, (st) => st.sessions === 0);
    await during();
    expect((await stateOf(server, agentId)).sessions).toBe(0);
  } finally {
    await s.context.setOffline(false);
  }
}

const published = async (s: BrowserSession): Promise<string[]> => (await s.events('SET_AGENT_STATUS')).map((e) => (e.payload as { statusId: string }).statusId);

describe('remote mode in the browser, with the real partner server', () => {
  it('logs in through the form (a wrong password is refused there), syncs both ways, posts STATE from its mirror, and logs in silently after a reload', async () => {
    const s = await suite.open({ allowThirdPartyStorage: true });
    await s.setup(remoteConfig());
    const adapter = await s.frame('adapter');
    await adapter.getByLabel('Username').fill('alice');
    await adapter.getByLabel('Password').fill('not-her-password');
    await adapter.getByRole('button', { name: 'Log in' }).click();
    await eventually(async () => (await adapter.getByRole('alert').textContent())?.includes('wrong username or password'));
    expect((await s.received()).some((m: Received) => m.type === 'LOGIN_RESULT' || m.type === 'CONNECTOR_READY')).toBe(false);
    await adapter.getByLabel('Password').fill('alice-secret-pw');
    await adapter.getByRole('button', { name: 'Log in' }).click();
    await s.waitFor('CONNECTOR_READY', (all) => all.find((m) => m.type === 'CONNECTOR_READY'));

    await omniSets(s, 'busy');
    await serverState('a1', (st) => st.partnerStatus === 'MEETING');
    await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await eventually(async () => (await published(s)).includes(STATUS_ID.away));
    await s.waitForSim('STATE of the remote mirror', (st) => st.partnerStatus === 'BREAK' && st.salesforceStatusId === STATUS_ID.away);

    await s.reloadAdapter();
    await s.connect(remoteConfig());
    expect(await (await s.frame('adapter')).getByRole('button', { name: 'Log in' }).isVisible()).toBe(false);
    await omniSets(s, 'available');
    await serverState('a1', (st) => st.partnerStatus === 'AVAILABLE' && st.sessions === 1);
  });

  it('a network drop during a call: it reconnects by itself, the call is still there, and the hang-up that follows reaches Salesforce', async () => {
    const s = await suite.open();
    s.expectError(/WebSocket/);
    await logIn(s, 'bob', 'bob-secret-pw');
    await omniSets(s, 'available');
    await serverState('a2', (st) => st.partnerStatus === 'AVAILABLE');
    await callConnects(s, 'a2');
    expect((await admin(server, 'POST', '/admin/agents/a2/disconnect')).status).toBe(200);
    await serverState('a2', (st) => st.sessions === 1 && st.callState === 'connected');
    await customerHangsUp(s, 'a2');
    await serverState('a2', (st) => st.callState === 'wrapup');
  });

  it('a network drop during an Omni change: Omni is answered success, the change is held (deferred), and it reaches the partner once it is back', async () => {
    const s = await suite.open();
    s.expectError(/WebSocket/);
    await logIn(s, 'erin', 'erin-secret-pw');
    const before = await published(s);
    await offline(s, 'a5', async () => {
      await omniSets(s, 'busy');
      const held = await s.waitForSim('the Omni change held', (st) => st.pending?.direction === 'toPartner' && st.pending.status === 'MEETING');
      expect(held.syncLog.at(-1)).toMatchObject({ direction: 'toPartner', to: STATUS_ID.busy, outcome: 'deferred', reason: expect.stringMatching(/disconnected/) });
      expect((await stateOf(server, 'a5')).partnerStatus).not.toBe('MEETING');
    });
    await serverState('a5', (st) => st.sessions === 1 && st.partnerStatus === 'MEETING');
    await s.waitForSim('the held change applied', (st) => st.pending === null && st.partnerStatus === 'MEETING' && st.salesforceStatusId === STATUS_ID.busy);
    expect(await published(s)).toEqual(before);
  });

  it('a partner change and an Omni change during one drop: the newer by the server\'s clock wins after reconnect, the older is neither published nor applied', async () => {
    const s = await suite.open();
    s.expectError(/WebSocket/);
    await logIn(s, 'frank', 'frank-secret-pw');
    await omniSets(s, 'available');
    await serverState('a6', (st) => st.partnerStatus === 'AVAILABLE');
    const syncLogFrom = async (): Promise<number> => (await s.waitForSim('STATE', () => true)).syncLog.length;

    // The partner's change first, Omni's after: Omni's wins; BREAK is never published.
    let logFrom = await syncLogFrom();
    await offline(s, 'a6', async () => {
      await partnerSets('a6', 'BREAK');
      await sleep(CLOCK_MARGIN_MS);
      await omniSets(s, 'busy');
    });
    await serverState('a6', (st) => st.partnerStatus === 'MEETING');
    let st = await s.waitForSim('the Omni change applied', (x) => x.pending === null && x.partnerStatus === 'MEETING');
    expect(st.syncLog.slice(logFrom)).toContainEqual(expect.objectContaining({ direction: 'toSalesforce', to: 'BREAK', outcome: 'superseded', reason: expect.stringMatching(/older than the Omni change held/) }));
    expect(st.salesforceStatusId).toBe(STATUS_ID.busy);
    expect(await published(s)).not.toContain(STATUS_ID.away);

    // Omni's change first, the partner's after: the partner's wins and is published; Omni's is dropped.
    logFrom = st.syncLog.length;
    const publishedBefore = (await published(s)).length;
    await offline(s, 'a6', async () => {
      await omniSets(s, 'available');
      await sleep(CLOCK_MARGIN_MS);
      await partnerSets('a6', 'BREAK');
    });
    await eventually(async () => (await published(s)).slice(publishedBefore).includes(STATUS_ID.away), 20_000);
    st = await s.waitForSim('the partner change published', (x) => x.pending === null && x.salesforceStatusId === STATUS_ID.away);
    expect(st.partnerStatus).toBe('BREAK');
    expect(st.syncLog.slice(logFrom)).toContainEqual(expect.objectContaining({ direction: 'toPartner', to: STATUS_ID.available, outcome: 'superseded', reason: expect.stringMatching(/newer partner BREAK/) }));
    expect((await stateOf(server, 'a6')).partnerStatus).toBe('BREAK');
    expect(await published(s)).not.toContain(STATUS_ID.available);
  });

  it('two tabs of one agent: one remote connection; a call rings in both; mute in one tab and a recording pause in the other reach the other tab\'s host', async () => {
    const a = await suite.open();
    a.expectError(/WebSocket/);
    await logIn(a, 'grace', 'grace-secret-pw');
    const b = await a.openTab();
    await b.connect(remoteConfig());
    await omniSets(a, 'available');
    await serverState('a7', (st) => st.partnerStatus === 'AVAILABLE' && st.sessions === 1);
    expect((await admin(server, 'POST', '/admin/agents/a7/commands', { type: 'INCOMING_CALL', phoneNumber: '+15555550123' })).status).toBe(200);
    const [inA, inB] = await Promise.all([a.waitForEvent('CALL_STARTED'), b.waitForEvent('CALL_STARTED')]);
    const callId = (payload: unknown): unknown => (payload as { callId?: unknown; call?: { callId?: unknown } }).callId ?? (payload as { call?: { callId?: unknown } }).call?.callId;
    expect(callId(inA.payload)).toEqual(expect.any(String));
    expect(callId(inB.payload)).toBe(callId(inA.payload));
    await a.send({ type: 'ACCEPT_CALL', call: inA.payload });
    await serverState('a7', (st) => st.callState === 'connected');

    await b.send({ type: 'MUTE', call: inB.payload });
    expect((await a.waitForEvent('MUTE_TOGGLE')).payload).toMatchObject({ isMuted: true });
    await a.send({ type: 'PAUSE_RECORDING', call: inA.payload });
    expect((await b.waitForEvent('RECORDING_TOGGLE')).payload).toMatchObject({ isRecordingPaused: true });
    expect((await stateOf(server, 'a7')).sessions).toBe(1);
    expect(b.unexpectedErrors()).toEqual([]);
  });

  it('kill -9 of the server and a restart mid-call: the connector resyncs by itself and the call goes on', async () => {
    const s = await suite.open();
    s.expectError(/WebSocket/);
    await logIn(s, 'carol', 'carol-secret-pw');
    await omniSets(s, 'available');
    await serverState('a3', (st) => st.partnerStatus === 'AVAILABLE');
    await callConnects(s, 'a3');
    const port = Number(new URL(server.httpUrl).port);
    await proc.kill9();
    const restarted = await ServerProcess.start(serverArgs(port));
    proc = restarted.proc;
    server = restarted;
    await serverState('a3', (st) => st.sessions === 1 && st.callState === 'connected');
    await customerHangsUp(s, 'a3');
  });

  it('two agents and one queued call: it rings only for the agent idle longest, and the other stays free', async () => {
    const first = await suite.open();
    await logIn(first, 'alice', 'alice-secret-pw');
    const second = await BrowserSession.open(suite.server);
    try {
      await logIn(second, 'dave', 'dave-secret-pw');
      await omniSets(first, 'available');
      await serverState('a1', (st) => st.partnerStatus === 'AVAILABLE' && st.callState === 'idle');
      await omniSets(second, 'available');
      await serverState('a4', (st) => st.partnerStatus === 'AVAILABLE');
      const { body: queued } = await admin(server, 'POST', '/admin/queue/calls', { phoneNumber: '+15555550177' });
      expect(queued.offeredTo).toBe('a1');
      const started = await first.waitForEvent('CALL_STARTED');
      await first.send({ type: 'ACCEPT_CALL', call: started.payload });
      await serverState('a1', (st) => st.callState === 'connected');
      expect(await second.events('CALL_STARTED')).toEqual([]);
      expect((await stateOf(server, 'a4')).callState).toBe('idle');
      expect(second.unexpectedErrors()).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
