/**
 * The remote partner's session with the server: connect, login, silent login, resync
 * after a drop, and the request/answer exchange every command goes through.
 *
 * @remarks
 * Joining: the socket opens, then `hello {token, lastSeq}` and a `ping` go out together.
 * The server answers `hello`, then replays the events after `lastSeq` (or sends a
 * snapshot), then answers the `ping`: so at the `pong` the mirror holds the server's
 * state, and only then is the connection `connected` (the `pong` also gives the clock
 * offset). Without a token, or when the server no longer knows it, the agent must log
 * in (`loginRequired`). After a drop the link retries with backoff and joins again with
 * the mirror's `lastSeq`; an ended session gives up (`disconnected`).
 *
 * A command's answer is settled only once the mirror has applied the `seq` the answer
 * names, so a command resolves after its effect is in the mirror whatever order the
 * frames came in; the 5 s time limit spans both.
 */
import type { Clock } from '../../platform/clock';
import type { KeyValueStore } from '../../platform/storage';
import { isRecord, messageOf } from '../../vocabulary/guards';
import { PartnerError, type ConnectionState, type ConnectOptions, type ConnectResult, type PartnerCredentials, type PartnerEvent } from '../partner-telephony';
import type { ClientMessage, CommandName, ServerMessage } from '../wire/messages';
import { Link } from './link';
import { Mirror } from './mirror';
import { Requests, type Answer } from './requests';
import { partnerErrorOf } from './results';
import { serverUrlOf } from './server-url';
import { SessionStore } from './session-store';
import type { SocketFactory } from './socket';

/** A log line of the remote partner (never a token, password, number or frame content). */
export type RemoteLog = (message: string, details: Record<string, unknown>) => void;

/** What the connection needs. */
export interface RemoteConnectionOptions {
  readonly clock: Clock;
  readonly store: KeyValueStore;
  /** Opens sockets; `null` where the page has no WebSocket (connect then rejects). */
  readonly openSocket: SocketFactory | null;
  readonly random: () => number;
  readonly log: RemoteLog;
  /** Receives every event of the mirror. */
  readonly announce: (event: PartnerEvent) => void;
}

const CONNECTED: ConnectResult = { outcome: 'connected' };
const SESSION_ENDED = new Set(['SESSION_EXPIRED', 'NOT_AUTHENTICATED', 'BAD_CREDENTIALS']);

function loginRequired(message: string): ConnectResult {
  return { outcome: 'loginRequired', message };
}

/** See the file comment. */
export class RemoteConnection {
  readonly mirror: Mirror;
  private readonly requests: Requests;
  private link: Link | null = null;
  private sessions: SessionStore | null = null;
  private stateValue: ConnectionState = 'disconnected';
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private offset = 0;
  private disposed = false;

  constructor(private readonly o: RemoteConnectionOptions) {
    this.mirror = new Mirror(o.announce);
    this.requests = new Requests(o.clock);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The server's clock now, as estimated from the last `pong`. */
  partnerNow(): number {
    return this.o.clock.now() + this.offset;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Reads `/partner/url`, opens the socket and joins with the stored session (if any). */
  async connect({ config, signal }: ConnectOptions): Promise<ConnectResult> {
    if (this.disposed || this.link) throw new PartnerError('connect: this partner was already connected or disposed; make a new one', 'UNAVAILABLE');
    const url = serverUrlOf(config);
    if (!this.o.openSocket) throw new PartnerError('connect: this page has no WebSocket, so the partner server cannot be reached', 'UNAVAILABLE');
    this.sessions = new SessionStore(this.o.store, url);
    this.link = new Link({
      url,
      openSocket: this.o.openSocket,
      clock: this.o.clock,
      random: this.o.random,
      log: this.o.log,
      onFrame: (m) => this.onFrame(m),
      onDown: (why) => this.onDown(why),
      onClockOffset: (offset) => {
        this.offset = offset;
      },
    });
    signal?.addEventListener('abort', () => {
      if (this.stateValue === 'connecting') this.link?.drop('connect was aborted');
    });
    return this.join(() => (this.sessions?.token() ?? null));
  }

  /** Logs in with credentials, stores the session, then joins with it. */
  login({ username, password }: PartnerCredentials): Promise<ConnectResult> {
    if (!this.link || this.disposed) return Promise.reject(new PartnerError('login: connect first', 'UNAVAILABLE'));
    return this.join(async () => {
      const answer = await this.request('login', (id) => ({ type: 'login', id, username, password }));
      if (!answer.ok) {
        if (answer.error.code === 'BAD_CREDENTIALS') return loginRequired('wrong username or password');
        throw partnerErrorOf(answer.error, 'login');
      }
      const token = isRecord(answer.result) ? answer.result.token : undefined;
      if (typeof token !== 'string' || token === '') throw new PartnerError('login: the partner server answered without a session', 'UNAVAILABLE');
      this.sessions?.save(token);
      return token;
    });
  }

  /** Sends a command; resolves with its result once its effect is in the mirror. */
  async command(name: CommandName, args: Readonly<Record<string, unknown>>): Promise<unknown> {
    if (this.stateValue !== 'connected') throw new PartnerError(`${name}: the partner server is not connected (${this.stateValue}); nothing was sent`, 'UNAVAILABLE');
    const answer = await this.request(name, (id) => ({ type: 'command', id, name, args }));
    if (!answer.ok) throw partnerErrorOf(answer.error, name);
    return answer.result;
  }

  /** Ends the session on the server (after `logout`): the token is forgotten and the socket closed (a login opens another). */
  async signOut(): Promise<void> {
    try {
      if (this.stateValue === 'connected') await this.request('signOut', (id) => ({ type: 'signOut', id }));
    } finally {
      this.sessions?.clear();
      this.setState('disconnected');
      this.link?.drop('signed out');
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.link?.close();
    this.fail('the partner was disposed');
    this.setState('disconnected');
    this.stateListeners.clear();
  }

  /** Opens the socket if needed, gets a token (`credentials`), then says hello with it. */
  private async join(credentials: () => Promise<string | ConnectResult> | string | null): Promise<ConnectResult> {
    const link = this.link!;
    this.setState('connecting');
    try {
      if (!link.opened) await link.open();
      const token = await credentials();
      if (token === null) return this.settle(loginRequired('log in to the partner telephony system'));
      if (typeof token !== 'string') return this.settle(token);
      return this.settle(await this.hello(token));
    } catch (e) {
      this.setState('disconnected');
      throw e;
    }
  }

  private settle(result: ConnectResult): ConnectResult {
    if (result.outcome === 'connected') {
      this.setState('connected');
      this.link?.live();
    } else {
      this.setState('disconnected');
    }
    return result;
  }

  /** `hello` and a `ping` behind it: at the `pong` the replay or snapshot is in the mirror. */
  private async hello(token: string): Promise<ConnectResult> {
    const lastSeq = this.mirror.lastSeq;
    const hello = this.request('hello', (id): ClientMessage => (lastSeq === null ? { type: 'hello', id, token } : { type: 'hello', id, token, lastSeq }));
    const caughtUp = this.request('ping', (id) => ({ type: 'ping', id }));
    caughtUp.catch(() => undefined); // awaited below unless hello fails first
    const answer = await hello;
    if (!answer.ok) {
      if (!SESSION_ENDED.has(answer.error.code)) throw partnerErrorOf(answer.error, 'hello');
      this.sessions?.clear();
      return loginRequired('the partner session has expired; log in again');
    }
    await caughtUp;
    return CONNECTED;
  }

  private request(what: string, make: (id: string) => ClientMessage): Promise<Answer> {
    const { id, answer } = this.requests.start(what);
    if (!this.link?.send(make(id))) this.requests.fail(id, new PartnerError(`${what}: the partner server is not connected; nothing was sent`, 'UNAVAILABLE'));
    return answer;
  }

  private onFrame(m: ServerMessage): void {
    switch (m.type) {
      case 'answer':
        if (!m.ok || m.seq === undefined) this.requests.settle(m.id, m);
        // Settled once the mirror shows the command's effect (the gateway sends the events first; this holds either way).
        else void this.mirror.reached(m.seq).then(() => this.requests.settle(m.id, m), () => undefined);
        return;
      case 'error':
        if (m.id === undefined || !this.requests.settle(m.id, { ok: false, error: { code: m.code, message: m.message } })) this.o.log('the partner server reported an error', { code: m.code });
        return;
      case 'event':
        this.mirror.applyEvent(m.seq, m.at, m.event, m.state);
        return;
      case 'snapshot':
        this.mirror.replace(m.seq, m.at, m.state);
        return;
      case 'pong':
        this.requests.settle(m.id, { ok: true, result: m.serverTime });
    }
  }

  private onDown(why: string): void {
    this.fail(why);
    if (this.stateValue !== 'connected' && this.stateValue !== 'reconnecting') return;
    this.o.log('connection to the partner server lost; reconnecting', { reason: why });
    this.setState('reconnecting');
    this.link?.retryLater(() => void this.rejoin());
  }

  /** One reconnect attempt; another is scheduled if it fails, none once the session has ended. */
  private async rejoin(): Promise<void> {
    const link = this.link;
    if (!link || this.disposed || this.stateValue !== 'reconnecting') return;
    try {
      await link.open();
      const token = this.sessions?.token() ?? null;
      const result = token === null ? loginRequired('log in again') : await this.hello(token);
      if (this.stateValue !== 'reconnecting') return;
      if (result.outcome === 'loginRequired') this.o.log('the partner session has ended; the agent must log in again', {});
      this.settle(result);
    } catch (e) {
      if (this.disposed || this.stateValue !== 'reconnecting') return;
      this.o.log('reconnect attempt failed', { reason: messageOf(e) });
      if (link.opened) link.drop(messageOf(e));
      else link.retryLater(() => void this.rejoin());
    }
  }

  private fail(why: string): void {
    this.requests.failAll(why);
    this.mirror.failWaiters(new PartnerError(why, 'UNAVAILABLE'));
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const listener of [...this.stateListeners]) {
      try {
        listener(state);
      } catch (e) {
        this.o.log('a connection-state listener failed', { reason: messageOf(e) });
      }
    }
  }
}
