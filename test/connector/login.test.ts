/**
 * The login flow through the real base-library protocol (CONTRACT §8): init answers
 * showLogin, the adapter page shows the form, a login publishes LOGIN_RESULT and the
 * library posts CONNECTOR_READY; wrong credentials, an unreachable partner and a partner
 * that never answers leave a message in the form and publish nothing; LOGOUT ends the
 * session and the form comes back.
 */
import { COMMAND_TIME_LIMIT_MS } from '../../src/partner/partner-telephony';
import { MemoryStore, type KeyValueStore } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };

/** The form as the agent sees it: found by its labels and button text. */
function form(): { username: HTMLInputElement; password: HTMLInputElement; button: HTMLButtonElement; message: string } | null {
  const element = document.querySelector('form');
  if (!element) return null;
  const input = (label: string): HTMLInputElement =>
    [...element.querySelectorAll('label')].find((l) => l.textContent === label)!.querySelector('input')!;
  const button = [...element.querySelectorAll('button')].find((b) => b.textContent === 'Log in')!;
  return { username: input('Username'), password: input('Password'), button, message: element.querySelector('[role=alert]')!.textContent ?? '' };
}

function submit(username: string, password: string): void {
  const f = form()!;
  f.username.value = username;
  f.password.value = password;
  f.button.click();
}

async function startNeedingLogin(store?: KeyValueStore): Promise<{ sf: SalesforceDouble; partner: ScriptedPartner; clock: FakeClock }> {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock);
  partner.connectAs = 'loginRequired';
  const sf = await SalesforceDouble.start({ clock, store, connectorConfig: REMOTE_CONFIG, partners: { remote: () => partner }, waitForReady: false });
  await sf.waitForEvent('SHOW_LOGIN');
  return { sf, partner, clock };
}

function loginResults(sf: SalesforceDouble): number {
  return sf.events().filter((e) => e.type === 'LOGIN_RESULT').length;
}

describe('the login form (CONTRACT §8)', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => {
    sf?.close();
    sf = undefined;
  });

  it('showLogin → the form (Username, Password, Log in) → LOGIN_RESULT {success: true} → CONNECTOR_READY, and the form goes away', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    expect(form()).toMatchObject({ message: 'log in to the partner' });
    expect(sf.messages().some((m) => m.type === 'CONNECTOR_READY')).toBe(false);

    submit('agent1', 'secret');
    await sf.waitForMessage('CONNECTOR_READY');
    expect(sf.events().map((e) => e.type)).toEqual(['SHOW_LOGIN', 'LOGIN_RESULT']);
    expect(sf.events()[1]!.payload).toEqual({ success: true });
    expect(started.partner.connectionState).toBe('connected');
    expect(form()).toBeNull();
  });

  it('CONNECTOR_READY after the login replays the call the partner has now, not what it had before', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    const call = started.partner.server.incomingCall('+14155550142')!;
    started.partner.server.acceptCall(call.id);
    submit('agent1', 'secret');
    expect((await sf.waitForMessage('CONNECTOR_READY')).callInProgress).toMatchObject({ callId: call.id, state: 'connected' });
  });

  it('wrong credentials: the partner’s message in the form, password cleared, username kept, nothing published; then a right login works', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    submit('agent1', 'wrong');
    await sf.settle();
    expect(form()).toMatchObject({ message: 'wrong username or password' });
    expect(form()!.password.value).toBe('');
    expect(form()!.username.value).toBe('agent1');
    expect(form()!.button.disabled).toBe(false);
    expect(loginResults(sf)).toBe(0);
    expect(sf.messages().some((m) => m.type === 'CONNECTOR_READY')).toBe(false);

    submit('agent1', 'secret');
    await sf.waitForMessage('CONNECTOR_READY');
    expect(loginResults(sf)).toBe(1);
  });

  it('an unreachable partner: a clear message in the form, nothing published, an error logged', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    started.partner.loginFails = 'unavailable';
    submit('agent1', 'secret');
    await sf.settle();
    expect(form()!.message).toBe('Cannot reach the telephony system (the partner server is unreachable). Check the connection and try again.');
    expect(loginResults(sf)).toBe(0);
    expect(sf.connectorLogs().filter((l) => l.eventType === 'CONNECTOR_LOGIN').at(-1)).toMatchObject({ isError: true, payload: { outcome: 'failed' } });
  });

  it('the button is disabled while a login is in flight; a login with no answer fails at the time limit, not before', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    started.partner.loginFails = 'hang';
    submit('agent1', 'secret');
    expect(form()!.button.disabled).toBe(true);
    form()!.button.click();
    await sf.settle();
    expect(started.partner.logins).toHaveLength(1);
    started.clock.advance(COMMAND_TIME_LIMIT_MS - 1);
    await sf.settle();
    expect(form()!.button.disabled).toBe(true);
    started.clock.advance(1);
    await sf.settle();
    expect(form()).toMatchObject({ message: 'The telephony system did not answer in time. Try again.' });
    expect(form()!.button.disabled).toBe(false);
    expect(loginResults(sf)).toBe(0);
  });

  it('one attempt at a time, also for a caller other than the form', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    started.partner.loginFails = 'hang';
    const flow = sf.page.connector.loginFlow;
    const first = flow.login({ username: 'agent1', password: 'secret' });
    expect(await flow.login({ username: 'agent1', password: 'secret' })).toEqual({ ok: false, message: 'A login is already in progress.' });
    expect(started.partner.logins).toHaveLength(1);
    started.clock.advance(COMMAND_TIME_LIMIT_MS);
    expect(await first).toMatchObject({ ok: false });
  });

  it('empty fields are refused in the form without asking the partner', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    submit('  ', 'secret');
    await sf.settle();
    expect(form()!.message).toBe('Enter your username and password.');
    expect(started.partner.logins).toEqual([]);
  });

  it('nothing of the credentials reaches a log or the store', async () => {
    const written: string[] = [];
    const store = new MemoryStore();
    const set = store.set.bind(store);
    store.set = (key, value) => {
      written.push(key, value);
      set(key, value);
    };
    const started = await startNeedingLogin(store);
    sf = started.sf;
    submit('agent1', 'wrong-Pa55');
    await sf.settle();
    submit('agent1', 'secret');
    await sf.waitForMessage('CONNECTOR_READY');
    await sf.settle();
    expect(written.length).toBeGreaterThan(0);
    const everything = JSON.stringify(sf.messages()) + JSON.stringify(written);
    for (const secret of ['agent1', 'wrong-Pa55', 'secret']) expect(everything).not.toContain(secret);
  });

  it('LOGOUT ends the partner session: LOGOUT_RESULT, the form again, and a new login brings CONNECTOR_READY again', async () => {
    const started = await startNeedingLogin();
    sf = started.sf;
    submit('agent1', 'secret');
    await sf.waitForMessage('CONNECTOR_READY');
    expect(form()).toBeNull();

    expect(await sf.request('LOGOUT', {}, 'LOGOUT_RESULT')).toMatchObject({ success: true });
    expect(started.partner.connectionState).toBe('disconnected');
    expect(form()).toMatchObject({ message: 'You are logged out. Log in to take calls again.' });
    // The session's end is logged, and not as an error: nothing broke.
    expect(sf.connectorLogs().filter((l) => l.eventType === 'CONNECTOR_PARTNER_CONNECTION').at(-1)).toMatchObject({ payload: { state: 'disconnected' }, isError: false });

    submit('agent1', 'secret');
    await sf.waitForEvent('LOGIN_RESULT');
    await sf.settle();
    expect(sf.messages().filter((m) => m.type === 'CONNECTOR_READY')).toHaveLength(2);
    expect(form()).toBeNull();
  });

  it('the embedded simulator needs no login: no form at start, none after LOGOUT', async () => {
    sf = await SalesforceDouble.start();
    expect(form()).toBeNull();
    await sf.request('LOGOUT', {}, 'LOGOUT_RESULT');
    expect(form()).toBeNull();
  });
});
