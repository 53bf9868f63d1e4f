/**
 * @jest-environment node
 */
// RemotePartner's connect, login and command rules, against the scripted model server on a fake clock.
import { PARTNER_URL_KEY, serverUrlOf } from '../../../src/partner/remote/server-url';
import { SESSION_KEY, SessionStore } from '../../../src/partner/remote/session-store';
import { COMMAND_TIME_LIMIT_MS } from '../../../src/partner/partner-telephony';
import { partnerErrorOf } from '../../../src/partner/remote/results';
import { CONFIG, connected, harness, rejectionOf } from './harness';
import { flush } from './model-server';

describe('connect', () => {
  it('touches no network before connect, then joins with the stored session', async () => {
    const h = harness();
    expect(h.server.connections).toHaveLength(0);
    expect(h.partner.connectionState).toBe('disconnected');
    await expect(h.partner.connect({ config: CONFIG })).resolves.toEqual({ outcome: 'connected' });
    expect(h.states).toEqual(['connecting', 'connected']);
    expect(h.server.live!.sent.map((m) => m.type)).toEqual(['hello', 'ping']);
    expect(h.partner.getStatus()).toBe('AVAILABLE');
  });

  it.each([
    [undefined, 'is missing'],
    ['not a url', 'is not a URL'],
    ['ws://partner.example.com/ws', 'not loopback'],
    ['https://partner.example.com/ws', 'must start with wss:'],
  ])('refuses %s as /partner/url with a clear UNAVAILABLE', async (url, why) => {
    const h = harness();
    const e = await rejectionOf(h.partner.connect({ config: { [PARTNER_URL_KEY]: url } }));
    expect(e).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(why) });
    expect(h.server.connections).toHaveLength(0);
  });

  it('accepts wss: anywhere and ws: on loopback', () => {
    expect(serverUrlOf({ [PARTNER_URL_KEY]: 'wss://partner.example.com/ws' })).toBe('wss://partner.example.com/ws');
    expect(serverUrlOf({ [PARTNER_URL_KEY]: ' ws://localhost:8090/ws ' })).toBe('ws://localhost:8090/ws');
  });

  it('an unreachable server rejects UNAVAILABLE naming it, and leaves the partner disconnected', async () => {
    const h = harness();
    h.server.reachable = false;
    const e = await rejectionOf(h.partner.connect({ config: CONFIG }));
    expect(e).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ws://127.0.0.1:8090/ws is not reachable') });
    expect(h.partner.connectionState).toBe('disconnected');
  });

  it('without a stored session the agent must log in', async () => {
    const h = harness({ token: null });
    await expect(h.partner.connect({ config: CONFIG })).resolves.toEqual({ outcome: 'loginRequired', message: expect.stringContaining('log in') });
    expect(h.partner.connectionState).toBe('disconnected');
  });

  it('an expired session asks for a login and forgets the token', async () => {
    const h = harness({ token: 'stale' });
    await expect(h.partner.connect({ config: CONFIG })).resolves.toEqual({ outcome: 'loginRequired', message: expect.stringContaining('expired') });
    expect(h.store.get(SESSION_KEY)).toBeNull();
  });

  it('a token is offered only to the server it came from', async () => {
    const h = harness({ token: null });
    new SessionStore(h.store, 'wss://other.example.com/ws').save('token-1');
    await expect(h.partner.connect({ config: CONFIG })).resolves.toMatchObject({ outcome: 'loginRequired' });
  });
});

describe('login', () => {
  it('wrong credentials resolve loginRequired "wrong username or password"; right ones store the session and join', async () => {
    const h = harness({ token: null });
    await h.partner.connect({ config: CONFIG });
    await expect(h.partner.login({ username: 'alice', password: 'nope' })).resolves.toEqual({ outcome: 'loginRequired', message: 'wrong username or password' });
    await expect(h.partner.login({ username: 'alice', password: 'alice-secret-pw' })).resolves.toEqual({ outcome: 'connected' });
    expect(new SessionStore(h.store, serverUrlOf(CONFIG)).token()).toBe('token-2');
    expect(h.server.live!.sent.map((m) => m.type)).toEqual(['login', 'login', 'hello', 'ping']);
    expect(JSON.stringify(h.logs)).not.toMatch(/alice-secret-pw|nope|token-2/);
  });

  it('a login after the socket closed opens a new one', async () => {
    const h = harness({ token: null });
    await h.partner.connect({ config: CONFIG });
    h.server.live!.drop();
    await flush();
    await expect(h.partner.login({ username: 'alice', password: 'alice-secret-pw' })).resolves.toEqual({ outcome: 'connected' });
    expect(h.server.connections).toHaveLength(2);
  });

  it('login before connect is refused', async () => {
    const h = harness();
    await expect(rejectionOf(h.partner.login({ username: 'a', password: 'b' }))).resolves.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('commands', () => {
  it('resolve only once the mirror shows the effect, also when the answer comes before the event', async () => {
    const h = await connected();
    h.server.answerFirst = true;
    await h.partner.setStatus('BREAK', 'test');
    expect(h.partner.getStatus()).toBe('BREAK');
    expect(h.events).toEqual([expect.objectContaining({ type: 'statusChanged', status: 'BREAK', origin: 'connector' })]);
  });

  it('while not connected reject at once with UNAVAILABLE and send nothing', async () => {
    const h = harness();
    await expect(rejectionOf(h.partner.setStatus('BREAK', 'x'))).resolves.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('not connected (disconnected)') });
    expect(h.server.connections).toHaveLength(0);
  });

  it('with no answer reject TIMEOUT at the 5 s limit, not before', async () => {
    const h = await connected();
    h.server.silent.add('setStatus');
    let outcome: unknown = 'pending';
    h.partner.setStatus('BREAK', 'x').catch((e: unknown) => (outcome = e));
    await flush();
    h.clock.advance(COMMAND_TIME_LIMIT_MS - 1);
    await flush();
    expect(outcome).toBe('pending');
    h.clock.advance(1);
    await flush();
    expect(outcome).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('setStatus') });
  });

  it('map the server’s refusal to the seam’s code', async () => {
    const h = await connected();
    await expect(rejectionOf(h.partner.hold('c9'))).resolves.toMatchObject({ code: 'NO_SUCH_CALL' });
  });

  it('a drop rejects the open ones UNAVAILABLE', async () => {
    const h = await connected();
    h.server.silent.add('setStatus');
    const pending = rejectionOf(h.partner.setStatus('BREAK', 'x'));
    await flush();
    h.server.live!.drop();
    await expect(pending).resolves.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('outcome of setStatus is unknown') });
  });
});

describe('logout and dispose', () => {
  it('logout ends the session: OFFLINE, signOut sent, token forgotten, disconnected', async () => {
    const h = await connected();
    await h.partner.logout();
    expect(h.partner.getStatus()).toBe('OFFLINE');
    expect(h.server.connections[0]!.sent.map((m) => m.type).slice(-2)).toEqual(['command', 'signOut']);
    expect(h.store.get(SESSION_KEY)).toBeNull();
    expect(h.partner.connectionState).toBe('disconnected');
    expect([h.server.live, h.clock.pendingTimers()]).toEqual([undefined, 0]);
    await expect(h.partner.login({ username: 'alice', password: 'alice-secret-pw' })).resolves.toEqual({ outcome: 'connected' });
  });

  it('dispose closes the socket and every timer: nothing fires or is announced after', async () => {
    const h = await connected();
    h.partner.dispose();
    expect(h.partner.connectionState).toBe('disconnected');
    expect(h.server.live).toBeUndefined();
    h.clock.advance(120_000);
    await flush();
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.events).toEqual([]);
  });
});

describe('abort', () => {
  it('an aborted connect rejects UNAVAILABLE and leaves the partner disconnected', async () => {
    const h = harness();
    h.server.silent.add('hello');
    const controller = new AbortController();
    const connecting = rejectionOf(h.partner.connect({ config: CONFIG, signal: controller.signal }));
    await flush();
    controller.abort();
    await expect(connecting).resolves.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('aborted') });
    expect(h.partner.connectionState).toBe('disconnected');
  });
});

describe('wire errors', () => {
  it.each([
    ['NO_SUCH_CALL', 'NO_SUCH_CALL'],
    ['INVALID_STATE', 'INVALID_STATE'],
    ['SESSION_EXPIRED', 'LOGIN_REQUIRED'],
    ['NOT_AUTHENTICATED', 'LOGIN_REQUIRED'],
    ['BAD_MESSAGE', 'INVALID_ARGUMENT'],
    ['UNKNOWN_COMMAND', 'INVALID_ARGUMENT'],
    ['RATE_LIMITED', 'UNAVAILABLE'],
    ['INTERNAL', 'UNAVAILABLE'],
  ])('the server’s %s becomes the seam’s %s', (wire, seam) => {
    const e = partnerErrorOf({ code: wire, message: 'm' }, 'hold');
    expect([e.name, e.code]).toEqual(['PartnerError', seam]);
  });
});
