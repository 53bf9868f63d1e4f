/**
 * A scripted partner server behind a fake socket, for the remote partner's unit tests:
 * it speaks the wire protocol from a tiny agent model (status only, plus an event log),
 * on the test's fake clock, and lets a test misbehave on purpose (never answer, answer
 * before the events, send garbage, refuse to open, replay duplicates).
 *
 * Frames travel in microtasks, as a real socket's never arrive in the same task:
 * `await flush()` delivers everything in flight.
 */
import type { SocketEvents, SocketFactory } from '../../../src/partner/remote/socket';
import type { AgentView, ClientMessage, ServerMessage, WireNotice } from '../../../src/partner/wire/messages';
import type { PartnerStatus } from '../../../src/vocabulary/partner-status';
import { isRoutable } from '../../../src/vocabulary/partner-status';
import type { FakeClock } from '../../support/fake-clock';

/** Delivers every frame in flight (and what they cause). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One socket the partner opened. */
export class ModelConnection {
  readonly sent: ClientMessage[] = [];
  bound = false;
  closed = false;

  constructor(
    private readonly server: ModelServer,
    readonly on: SocketEvents,
  ) {}

  /** Delivers a frame (or raw text) to the partner. */
  push(frame: ServerMessage | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    queueMicrotask(() => !this.closed && this.on.message(text));
  }

  /** The server side drops the connection. */
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.on.close());
  }

  receive(text: string): void {
    const m = JSON.parse(text) as ClientMessage;
    this.sent.push(m);
    if (!this.closed) this.server.handle(this, m);
  }
}

/** The scripted server. */
export class ModelServer {
  readonly connections: ModelConnection[] = [];
  view: AgentView = { status: 'AVAILABLE', routable: true, callState: 'idle', calls: [], muted: false, recordingPaused: false };
  readonly log: { seq: number; at: number; event: WireNotice; state: AgentView }[] = [];
  /** Server clock − the partner's clock, ms. */
  clockOffset = 0;
  reachable = true;
  /** Answer `hello` with a snapshot even when it could replay. */
  snapshotOnly = false;
  /** Commands (by name) and other messages (by type) the server never answers. */
  readonly silent = new Set<string>();
  /** Answer pings? */
  pongs = true;
  /** Send a command's answer before its events. */
  answerFirst = false;
  readonly tokens = new Set(['token-1']);
  readonly users: Record<string, string> = { alice: 'alice-secret-pw' };

  constructor(private readonly clock: FakeClock) {}

  get seq(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  get live(): ModelConnection | undefined {
    return this.connections.filter((c) => !c.closed).at(-1);
  }

  readonly openSocket: SocketFactory = (_url, on) => {
    const c = new ModelConnection(this, on);
    this.connections.push(c);
    const reachable = this.reachable;
    queueMicrotask(() => (reachable ? on.open() : (c.closed = true, on.close())));
    return {
      send: (text) => c.receive(text),
      close: () => {
        c.closed = true;
      },
    };
  };

  /** The partner system changes the status (as a supervisor would): logged, pushed to bound connections. */
  setStatus(status: PartnerStatus, origin: 'partner' | 'connector' = 'partner'): number[] {
    const previous = this.view.status;
    this.view = { ...this.view, status, routable: isRoutable(status) };
    const first = this.record({ type: 'statusChanged', status, previous, origin, reason: 'model' });
    this.record({ type: 'changed' });
    return [first];
  }

  private now(): number {
    return this.clock.now() + this.clockOffset;
  }

  private record(event: WireNotice): number {
    const entry = { seq: this.seq + 1, at: this.now(), event, state: this.view };
    this.log.push(entry);
    for (const c of this.connections) if (c.bound && !c.closed) c.push({ type: 'event', ...entry });
    return entry.seq;
  }

  handle(c: ModelConnection, m: ClientMessage): void {
    const answer = (result: unknown, seq?: number): void => c.push({ type: 'answer', id: m.id, ok: true, result, ...(seq !== undefined ? { seq } : {}) });
    const refuse = (code: string, message: string): void => c.push({ type: 'answer', id: m.id, ok: false, error: { code, message } });
    if (this.silent.has(m.type === 'command' ? m.name : m.type)) return;
    switch (m.type) {
      case 'ping':
        if (this.pongs) c.push({ type: 'pong', id: m.id, serverTime: this.now() });
        return;
      case 'login':
        if (this.users[m.username] !== m.password) return refuse('BAD_CREDENTIALS', 'wrong username or password');
        this.tokens.add('token-2');
        return answer({ token: 'token-2', agentId: 'a1', expiresAt: this.now() + 3_600_000, serverTime: this.now() });
      case 'hello': {
        if (!this.tokens.has(m.token)) return refuse('SESSION_EXPIRED', 'the session has expired or is unknown; log in again');
        const resumed = !this.snapshotOnly && m.lastSeq !== undefined && m.lastSeq <= this.seq;
        answer({ agentId: 'a1', expiresAt: this.now() + 3_600_000, serverTime: this.now(), resumed });
        c.bound = true;
        if (resumed) for (const e of this.log.filter((e) => e.seq > m.lastSeq!)) c.push({ type: 'event', ...e });
        else c.push({ type: 'snapshot', seq: this.seq, at: this.now(), state: this.view });
        return;
      }
      case 'signOut':
        c.bound = false;
        return answer(null);
      case 'command': {
        if (m.name === 'logout') {
          this.setStatus('OFFLINE', 'connector');
          return answer(null, this.seq);
        }
        if (m.name !== 'setStatus' && m.name !== 'hold') return refuse('INVALID_STATE', `${m.name}: not in this model`);
        if (m.name === 'hold') return refuse('NO_SUCH_CALL', `no call ${String(m.args.callId)}`);
        if (this.answerFirst) {
          // The answer names the seq the change will have, and goes out a task before it.
          answer(null, this.seq + 2);
          setImmediate(() => this.setStatus(m.args.status as PartnerStatus, 'connector'));
          return;
        }
        this.setStatus(m.args.status as PartnerStatus, 'connector');
        answer(null, this.seq);
      }
    }
  }
}
