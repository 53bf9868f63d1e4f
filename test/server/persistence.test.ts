/**
 * @jest-environment node
 */
// Durability: the agents' statuses, calls in progress, schedules, the queue and the event
// log survive a restart — a clean one in-process, and a `kill -9` of the real
// `npm run partner-server` process — and a connector resumes from its sequence number.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_AGENTS } from '../../server/options';
import { ADMIN_TOKEN, AGENTS, admin, eventually, ORIGIN, removeTemp, ServerProcess, startTestServer, stateOf, tempDir, TestClient } from './support';


let dir: string;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  removeTemp(dir);
});

it('a clean restart keeps statuses, a call in progress, schedules and the queue; the connector resumes where it was', async () => {
  let server = await startTestServer(dir);
  const alice = await TestClient.open(server);
  const login = await alice.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
  await alice.command('setStatus', { status: 'AVAILABLE' });
  const { body: call } = await admin(server, 'POST', '/admin/queue/calls', { phoneNumber: '+15555550150' });
  await alice.command('acceptCall', { callId: call.callId });
  await alice.command('mute');
  await admin(server, 'POST', '/admin/agents/a2/commands', { type: 'SET_PARTNER_STATUS', status: 'BREAK' });
  await admin(server, 'POST', '/admin/agents/a2/commands', { type: 'SCHEDULE_STATUS', status: 'LUNCH', startInMs: 3_600_000, durationMs: 60_000 });
  const { body: waiting } = await admin(server, 'POST', '/admin/queue/calls', {});
  const before = { a1: await stateOf(server, 'a1'), a2: await stateOf(server, 'a2') };
  const lastSeq = alice.events().at(-1).seq;
  await alice.close();
  await server.close();

  server = await startTestServer(dir);
  try {
    const after = { a1: await stateOf(server, 'a1'), a2: await stateOf(server, 'a2') };
    expect(after.a1).toEqual({ ...before.a1, sessions: 0 });
    expect(after.a2).toEqual(before.a2);
    expect(after.a1).toMatchObject({ callState: 'connected', muted: true, calls: [expect.objectContaining({ id: call.callId, phoneNumber: '+15555550150' })] });
    expect(after.a2.schedule).toEqual([expect.objectContaining({ kind: 'start', status: 'LUNCH' })]);
    expect((await admin(server, 'GET', '/admin/queue')).body.calls).toEqual([expect.objectContaining({ callId: waiting.callId, offeredTo: null })]);

    const again = await TestClient.open(server);
    const hello = await again.request({ type: 'hello', token: login.result.token, lastSeq });
    expect(hello.result).toMatchObject({ agentId: 'a1', resumed: true });
    await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'REMOTE_HANGUP' });
    const next = await again.next((m) => m.type === 'event');
    expect(next.seq).toBe(lastSeq + 1);
    await again.close();
  } finally {
    await server.close();
  }
});

it('after kill -9 and a restart, everything is as it was; a ring deadline that passed meanwhile is a ring-no-answer', async () => {
  const agentsFile = path.join(dir, 'agents.json');
  fs.writeFileSync(agentsFile, JSON.stringify(AGENTS));
  const db = path.join(dir, 'state', 'partner.sqlite');
  const args = ['--port', '0', '--db', db, '--agents', agentsFile, '--admin-token', ADMIN_TOKEN, '--origin', ORIGIN, '--ring-timeout-ms', '1500'];

  let { proc, httpUrl, wsUrl } = await ServerProcess.start(args);
  const alice = await TestClient.open({ wsUrl });
  const login = await alice.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
  await alice.command('setStatus', { status: 'AVAILABLE' });
  const { body: first } = await admin({ httpUrl }, 'POST', '/admin/queue/calls', { phoneNumber: '+15555550161' });
  expect(first.offeredTo).toBe('a1');
  await alice.command('acceptCall', { callId: first.callId });
  await admin({ httpUrl }, 'POST', '/admin/agents/a1/commands', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 3_600_000 });
  await admin({ httpUrl }, 'POST', '/admin/agents/a2/commands', { type: 'SET_PARTNER_STATUS', status: 'AVAILABLE' });
  const { body: second } = await admin({ httpUrl }, 'POST', '/admin/queue/calls', { phoneNumber: '+15555550162' });
  expect(second.offeredTo).toBe('a2');
  const before = await stateOf({ httpUrl }, 'a1');
  const lastSeq = alice.events().at(-1).seq;

  await proc.kill9();
  await eventually(() => alice.closeCode !== null);
  // Down for longer than a2's ring timeout.
  await new Promise((r) => setTimeout(r, 1700));
  const logsBefore = proc.stderr.join('');
  ({ proc, httpUrl, wsUrl } = await ServerProcess.start(args));
  try {
    const a1 = await stateOf({ httpUrl }, 'a1');
    expect({ ...a1, sessions: before.sessions }).toEqual(before);
    expect(a1).toMatchObject({ partnerStatus: 'AVAILABLE', callState: 'connected', calls: [expect.objectContaining({ id: first.callId, state: 'connected' })] });
    expect(a1.schedule).toEqual([expect.objectContaining({ status: 'BREAK' })]);
    // a2 let the second call ring past its deadline while the server was down.
    const a2 = await eventually(async () => {
      const s = await stateOf({ httpUrl }, 'a2');
      return s.partnerStatus === 'NOT_READY' && s;
    });
    expect(a2).toMatchObject({ callState: 'idle', calls: [] });
    expect((await admin({ httpUrl }, 'GET', '/admin/queue')).body.calls).toEqual([expect.objectContaining({ callId: second.callId, offeredTo: null })]);

    // The connector resumes with its token: nothing of a1 happened meanwhile, so nothing is replayed.
    const again = await TestClient.open({ wsUrl });
    expect((await again.request({ type: 'hello', token: login.result.token, lastSeq })).result.resumed).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(again.events()).toEqual([]);
    expect((await again.command('hangUp')).ok).toBe(true);
    const ended = await again.next((m) => m.type === 'event' && m.event.type === 'callStateChanged');
    expect(ended).toMatchObject({ seq: lastSeq + 1, event: { state: 'wrapup' } });
    await again.close();

    // Neither run logged a password, a token or a phone number.
    const logs = logsBefore + proc.stderr.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['alice-secret-pw', login.result.token, ADMIN_TOKEN, '15555550161', '15555550162']) expect(logs).not.toContain(secret);
  } finally {
    await proc.kill9();
  }
}, 60_000);

it('without --agents the demo agents of the README log in; without --admin-token a random one is written beside the database, mode 600', async () => {
  const server = await startTestServer(dir, { agents: DEMO_AGENTS, adminToken: null });
  try {
    expect(server.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const [username, password] of [['agent1', 'agent1-demo-pass'], ['agent2', 'agent2-demo-pass']]) {
      const client = await TestClient.login(server, username ?? '', password ?? '');
      await client.close();
    }
    expect(server.adminTokenFile).toBe(path.join(dir, 'admin-token'));
    const token = fs.readFileSync(server.adminTokenFile ?? '', 'utf8').trim();
    expect(token).toBe(server.adminToken);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(server.adminTokenFile ?? '').mode & 0o777).toBe(0o600);
    expect((await admin(server, 'GET', '/admin/agents/agent1/state', undefined, token)).status).toBe(200);
    expect(JSON.stringify(server.logs)).not.toContain(token);
  } finally {
    await server.close();
  }
});

it('an agent left out of a later --agents list can no longer log in, and its sessions end; listed again, it keeps its state', async () => {
  let server = await startTestServer(dir);
  const alice = await TestClient.open(server);
  const login = await alice.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
  await alice.command('setStatus', { status: 'LUNCH' });
  await alice.close();
  await server.close();

  server = await startTestServer(dir, { agents: AGENTS.filter((a) => a.id !== 'a1') });
  try {
    const client = await TestClient.open(server);
    expect((await client.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' })).error.code).toBe('BAD_CREDENTIALS');
    expect((await client.request({ type: 'hello', token: login.result.token })).error.code).toBe('SESSION_EXPIRED');
    expect((await admin(server, 'GET', '/admin/agents/a1/state')).status).toBe(404);
    expect((await admin(server, 'GET', '/admin/agents')).body.agents.map((a: { id: string }) => a.id)).toEqual(['a2', 'a3']);
    await client.close();
  } finally {
    await server.close();
  }

  server = await startTestServer(dir);
  try {
    const back = await TestClient.login(server, 'alice', 'alice-secret-pw');
    expect(back.mirror().status).toBe('LUNCH');
    await back.close();
  } finally {
    await server.close();
  }
});
