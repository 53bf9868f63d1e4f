/**
 * @jest-environment node
 */
// The WebSocket protocol against a real server: login, hello/resume, commands, heartbeat
// answers, and bad input (origin, size, rate, garbage) answered without breaking anything.
import { ADMIN_TOKEN, admin, eventually, ORIGIN, removeTemp, startTestServer, stateOf, tempDir, TestClient, type TestServer  } from './support';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = tempDir();
  server = await startTestServer(dir);
});

afterAll(async () => {
  await server.close();
  removeTemp(dir);
});

describe('login and sessions', () => {
  it('logs in with the right password and sends a snapshot of the agent', async () => {
    const client = await TestClient.open(server);
    const answer = await client.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
    expect(answer).toMatchObject({ ok: true, result: { agentId: 'a1', resumed: false } });
    expect(typeof answer.result.token).toBe('string');
    expect(typeof answer.result.serverTime).toBe('number');
    const snapshot = await client.next((m) => m.type === 'snapshot');
    expect(snapshot.state).toMatchObject({ status: 'OFFLINE', callState: 'idle', calls: [] });
    await client.close();
  });

  it('refuses a wrong password and an unknown user alike, and opens no session', async () => {
    const client = await TestClient.open(server);
    for (const [username, password] of [['alice', 'wrong'], ['nobody', 'alice-secret-pw']]) {
      const answer = await client.request({ type: 'login', username, password });
      expect(answer).toEqual({ type: 'answer', id: expect.any(String), ok: false, error: { code: 'BAD_CREDENTIALS', message: 'wrong username or password' } });
    }
    const command = await client.command('setStatus', { status: 'AVAILABLE' });
    expect(command.error.code).toBe('NOT_AUTHENTICATED');
    await client.close();
  });

  it('acts for the agent of the session, whatever agent a command names', async () => {
    const bob = await TestClient.login(server, 'bob', 'bob-secret-pw');
    const answer = await bob.command('setStatus', { status: 'LUNCH', agentId: 'a1', agent: 'a1' });
    expect(answer.ok).toBe(true);
    expect((await stateOf(server, 'a2')).partnerStatus).toBe('LUNCH');
    expect((await stateOf(server, 'a1')).partnerStatus).not.toBe('LUNCH');
    await bob.close();
  });

  it('resumes with the token: replays exactly the events after lastSeq, in order', async () => {
    const first = await TestClient.open(server);
    const login = await first.request({ type: 'login', username: 'carol', password: 'carol-secret-pw' });
    const snapshot = await first.next((m) => m.type === 'snapshot');
    await first.command('setStatus', { status: 'AVAILABLE' });
    const seen = first.events().at(-1).seq;
    await first.close();
    // Changes while the connector is away.
    await admin(server, 'POST', '/admin/agents/a3/commands', { type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await admin(server, 'POST', '/admin/agents/a3/commands', { type: 'SET_PARTNER_STATUS', status: 'MEETING' });

    const second = await TestClient.open(server);
    const hello = await second.request({ type: 'hello', token: login.result.token, lastSeq: seen });
    expect(hello).toMatchObject({ ok: true, result: { agentId: 'a3', resumed: true } });
    await second.next((m) => m.type === 'event' && m.state.status === 'MEETING');
    const replayed = second.events();
    expect(replayed.map((e) => e.seq)).toEqual(replayed.map((_e, i) => seen + 1 + i));
    expect(replayed.filter((e) => e.event.type === 'statusChanged').map((e) => [e.event.status, e.event.origin])).toEqual([
      ['BREAK', 'partner'],
      ['MEETING', 'partner'],
    ]);
    expect(second.messages.some((m) => m.type === 'snapshot')).toBe(false);
    expect(snapshot.seq).toBeLessThan(seen);
    await second.close();
  });

  it('sends a snapshot to a hello without lastSeq or with one from the future', async () => {
    const first = await TestClient.open(server);
    const login = await first.request({ type: 'login', username: 'carol', password: 'carol-secret-pw' });
    await first.close();
    for (const lastSeq of [undefined, 999_999]) {
      const client = await TestClient.open(server);
      const hello = await client.request({ type: 'hello', token: login.result.token, ...(lastSeq !== undefined ? { lastSeq } : {}) });
      expect(hello.result.resumed).toBe(false);
      const snap = await client.next((m) => m.type === 'snapshot');
      expect(snap.state.status).toBe((await stateOf(server, 'a3')).partnerStatus);
      await client.close();
    }
  });

  it('refuses an unknown token and a signed-out one as an expired session', async () => {
    const client = await TestClient.open(server);
    expect((await client.request({ type: 'hello', token: 'not-a-token' })).error.code).toBe('SESSION_EXPIRED');
    const login = await client.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
    expect((await client.request({ type: 'signOut' })).ok).toBe(true);
    expect((await client.command('mute')).error.code).toBe('NOT_AUTHENTICATED');
    expect((await client.request({ type: 'hello', token: login.result.token })).error.code).toBe('SESSION_EXPIRED');
    await client.close();
  });

  it('answers ping with the server time', async () => {
    const client = await TestClient.open(server);
    const before = Date.now();
    const pong = await (async () => {
      client.sendRaw(JSON.stringify({ type: 'ping', id: 'p1' }));
      return client.next((m) => m.type === 'pong');
    })();
    expect(pong.id).toBe('p1');
    expect(pong.serverTime).toBeGreaterThanOrEqual(before - 1000);
    await client.close();
  });
});

describe('commands', () => {
  it('answers a command after the events it caused, and refuses one the state does not allow', async () => {
    const alice = await TestClient.login(server, 'alice', 'alice-secret-pw');
    const answer = await alice.command('setStatus', { status: 'AVAILABLE', reason: 'test' });
    expect(answer.ok).toBe(true);
    const answerIndex = alice.messages.indexOf(answer);
    const statusEvent = alice.messages.findIndex((m) => m.type === 'event' && m.event.type === 'statusChanged' && m.event.status === 'AVAILABLE');
    expect(statusEvent).toBeGreaterThanOrEqual(0);
    expect(statusEvent).toBeLessThan(answerIndex);
    expect(alice.messages[statusEvent].event.origin).toBe('connector');

    const refused = await alice.command('hold', { callId: 'nope' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NO_SUCH_CALL' } });
    const badStatus = await alice.command('setStatus', { status: 'DANCING' });
    expect(badStatus.error.code).toBe('INVALID_STATUS');
    const badArgs = await alice.command('acceptCall', { callId: 42 });
    expect(badArgs.error.code).toBe('INVALID_ARGUMENT');
    await alice.command('setStatus', { status: 'OFFLINE' });
    await alice.close();
  });

  it('tells every connection of the agent about every change', async () => {
    const one = await TestClient.login(server, 'alice', 'alice-secret-pw');
    const two = await TestClient.login(server, 'alice', 'alice-secret-pw');
    expect((await stateOf(server, 'a1')).sessions).toBe(2);
    await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'SET_PARTNER_STATUS', status: 'TRAINING' });
    for (const c of [one, two]) await c.next((m) => m.type === 'event' && m.state.status === 'TRAINING');
    expect(one.events().map((e) => e.seq)).toEqual(two.events().map((e) => e.seq));
    await one.close();
    await two.close();
  });
});

describe('bad input', () => {
  it('refuses a WebSocket from an origin that is not allowed', async () => {
    await expect(TestClient.open(server, 'https://evil.example')).rejects.toThrow(/403/);
    expect(server.logs.some((l) => l.message === 'WebSocket refused' && l.reason === 'origin not allowed')).toBe(true);
  });

  it('answers garbage with an error, logs it without its payload, and keeps working', async () => {
    const client = await TestClient.open(server);
    const secret = 'hunter2-+15555550123';
    client.sendRaw(`not json ${secret}`);
    client.sendRaw(JSON.stringify({ type: 'login', username: 'alice' }));
    client.sendRaw(JSON.stringify({ type: 'warp', id: 'w1', payload: secret }));
    client.sendRaw(JSON.stringify({ type: 'command', id: 'c1', name: 'selfDestruct' }));
    client.sendRaw(Buffer.from([1, 2, 3]));
    await eventually(() => client.messages.filter((m) => m.type === 'error').length === 5);
    const errors = client.messages.filter((m) => m.type === 'error');
    expect(errors.map((e) => e.code)).toEqual(['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'UNKNOWN_COMMAND', 'BAD_MESSAGE']);
    expect(errors[2].id).toBe('w1');
    expect(JSON.stringify(server.logs)).not.toContain('hunter2');
    expect((await client.request({ type: 'ping' })).type).toBe('pong');
    await client.close();
  });

  it('closes a connection that sends a frame over the size limit', async () => {
    const client = await TestClient.open(server);
    client.sendRaw(JSON.stringify({ type: 'ping', id: 'big', pad: 'x'.repeat(20_000) }));
    await eventually(() => client.closeCode !== null);
    expect(client.closeCode).toBe(1009);
  });

  it('rate-limits a flood and drops what is over the limit', async () => {
    const client = await TestClient.open(server);
    for (let i = 0; i < 100; i += 1) client.sendRaw(JSON.stringify({ type: 'ping', id: `f${i}` }));
    await client.next((m) => m.type === 'error' && m.code === 'RATE_LIMITED');
    await new Promise((r) => setTimeout(r, 200));
    const pongs = client.messages.filter((m) => m.type === 'pong').length;
    expect(pongs).toBeGreaterThanOrEqual(40);
    expect(pongs).toBeLessThan(100);
    await client.close();
  });
});

describe('admin API', () => {
  it('refuses a request without the admin token', async () => {
    const { status, body } = await admin(server, 'GET', '/admin/agents/a1/state', undefined, 'wrong-token');
    expect(status).toBe(401);
    expect(body.error).toMatch(/admin token/);
    expect(JSON.stringify(server.logs)).not.toContain(ADMIN_TOKEN);
  });

  it('answers 404 for an unknown agent and 400 for a malformed command', async () => {
    expect((await admin(server, 'GET', '/admin/agents/zz/state')).status).toBe(404);
    expect((await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'NOPE' })).status).toBe(400);
    expect((await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'SET_PARTNER_STATUS', status: 'NAPPING' })).status).toBe(400);
    expect((await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: -5 })).status).toBe(400);
    expect((await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'REMOTE_ANSWER' })).status).toBe(409);
    const raw = await fetch(`${server.httpUrl}/admin/queue/calls`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{oops' });
    expect(raw.status).toBe(400);
  });

  it('schedules a status change and reports it in the state', async () => {
    const { status, body } = await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'SCHEDULE_STATUS', status: 'LUNCH', startInMs: 60_000, durationMs: 1000 });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect((await stateOf(server, 'a1')).schedule).toEqual([expect.objectContaining({ kind: 'start', status: 'LUNCH' })]);
  });

  it('refuses a scheduled change beyond 100 for one agent (CONTRACT §7.6)', async () => {
    for (let i = 0; i < 100; i += 1) {
      const { status } = await admin(server, 'POST', '/admin/agents/a3/commands', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 3_600_000 + i });
      expect(status).toBe(200);
    }
    const refused = await admin(server, 'POST', '/admin/agents/a3/commands', { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 1000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/at most 100/);
    expect((await stateOf(server, 'a3')).schedule).toHaveLength(100);
  });

  it('disconnect drops the agent\'s live connections like a network failure', async () => {
    const client = await TestClient.login(server, 'bob', 'bob-secret-pw');
    const { body } = await admin(server, 'POST', '/admin/agents/a2/disconnect');
    expect(body).toEqual({ ok: true, closed: 1 });
    await eventually(() => client.closeCode !== null);
    expect(client.closeCode).toBe(1006);
    await eventually(async () => (await stateOf(server, 'a2')).sessions === 0);
  });
});

describe('heartbeat', () => {
  it('drops a connection that stops answering pings, and keeps one that answers', async () => {
    const hbDir = tempDir();
    const hb = await startTestServer(hbDir, { heartbeatMs: 100 });
    try {
      const alive = await TestClient.login(hb, 'alice', 'alice-secret-pw');
      const dead = await TestClient.login(hb, 'bob', 'bob-secret-pw');
      // A paused socket reads nothing, so it answers no ping: a dead network path.
      dead.ws.pause();
      await eventually(async () => (await stateOf(hb, 'a2')).sessions === 0, 3000);
      await new Promise((r) => setTimeout(r, 300));
      expect((await stateOf(hb, 'a1')).sessions).toBe(1);
      expect(alive.closeCode).toBeNull();
      await alive.close();
      dead.ws.terminate();
    } finally {
      await hb.close();
      removeTemp(hbDir);
    }
  });
});

describe('admin API from a browser', () => {
  it('answers CORS preflight for an allowed origin only', async () => {
    const allowed = await fetch(`${server.httpUrl}/admin/queue/calls`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await fetch(`${server.httpUrl}/admin/queue/calls`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
