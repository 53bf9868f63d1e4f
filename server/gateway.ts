/**
 * The WebSocket side of the server: one connection per connector instance.
 *
 * @remarks
 * - Upgrades are accepted only on {@link WS_PATH} and only from an allowed page origin
 *   (`403` otherwise, before any WebSocket exists).
 * - Frames over {@link MAX_MESSAGE_BYTES} close the connection (1009); binary frames and
 *   messages the parser refuses are answered with an `error` and logged by code and size
 *   only; more than {@link RATE_LIMIT} messages are answered `RATE_LIMITED` and dropped.
 * - A connection acts for the agent of the session it logged in or said hello with,
 *   nothing else. Each command's answer follows the events it caused and names the
 *   agent's `seq` after them.
 * - Heartbeat: a WebSocket ping every `heartbeatMs`; a connection that has not answered
 *   the previous one is terminated.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { PartnerError } from '../src/partner/partner-telephony';
import type { AgentRecord } from './agents/agent-runtime';
import type { Switchboard } from './agents/switchboard';
import type { Auth, Session } from './auth';
import type { Repository } from './db/repository';
import type { Logger } from './log';
import { originAllowed } from './options';
import { MAX_MESSAGE_BYTES, RATE_LIMIT, type ClientMessage, type ServerMessage, type WireErrorCode } from '../src/partner/wire/messages';
import { parseClientMessage } from '../src/partner/wire/parse-client';
import { RateLimiter } from './rate-limiter';

/** The path connectors connect to. */
export const WS_PATH = '/ws';

/** Default interval of the server's heartbeat pings. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Options of {@link Gateway}. */
export interface GatewayOptions {
  readonly switchboard: Switchboard;
  readonly auth: Auth;
  readonly repo: Repository;
  readonly log: Logger;
  readonly origins: readonly string[];
  readonly now: () => number;
  readonly heartbeatMs?: number;
}

interface Connection {
  readonly ws: WebSocket;
  readonly limiter: RateLimiter;
  session: Session | null;
  unobserve: (() => void) | null;
  alive: boolean;
  limited: number;
}

/** Accepts connector connections and speaks the protocol of `src/partner/wire/messages.ts`. */
export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly o: GatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    this.heartbeat = setInterval(() => this.beat(), o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Takes over the HTTP server's upgrade requests. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  /** Live connections of an agent. */
  sessionsOf(agentId: string): number {
    let n = 0;
    for (const c of this.connections) if (c.session?.agentId === agentId) n += 1;
    return n;
  }

  /** Drops an agent's connections as a network failure would (no close handshake); returns how many. */
  disconnect(agentId: string): number {
    let n = 0;
    for (const c of [...this.connections]) {
      if (c.session?.agentId !== agentId) continue;
      c.ws.terminate();
      n += 1;
    }
    if (n > 0) this.o.log.info('agent connections dropped by the admin', { agentId, connections: n });
    return n;
  }

  /** Closes every connection and stops the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.connections) c.ws.terminate();
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    const origin = request.headers.origin;
    if (path !== WS_PATH || !originAllowed(origin, this.o.origins)) {
      this.o.log.warn('WebSocket refused', { reason: path !== WS_PATH ? 'unknown path' : 'origin not allowed' });
      socket.end(`HTTP/1.1 ${path !== WS_PATH ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const c: Connection = { ws, limiter: new RateLimiter(RATE_LIMIT.perSecond, RATE_LIMIT.burst, this.o.now), session: null, unobserve: null, alive: true, limited: 0 };
    this.connections.add(c);
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(c, data, isBinary));
    ws.on('error', (e) => this.o.log.warn('connection error', { error: e.message }));
    ws.on('close', () => {
      c.unobserve?.();
      this.connections.delete(c);
      if (c.session) this.o.log.info('connector disconnected', { agentId: c.session.agentId });
    });
  }

  private receive(c: Connection, data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (!c.limiter.take()) {
      c.limited += 1;
      // Tell once per burst; a client that keeps flooding is cut off.
      if (c.limited === 1) this.refuse(c, 'RATE_LIMITED', `more than ${RATE_LIMIT.perSecond} messages a second; message dropped`, bytes);
      if (c.limited > RATE_LIMIT.burst * 5) c.ws.close(1008, 'rate limit');
      return;
    }
    c.limited = 0;
    if (isBinary) {
      this.refuse(c, 'BAD_MESSAGE', 'binary frames are not accepted; send JSON text', bytes);
      return;
    }
    const message = parseClientMessage(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
    if ('error' in message) {
      this.refuse(c, message.error.code, message.error.message, bytes, message.id);
      return;
    }
    this.handle(c, message).catch((e: unknown) => {
      this.o.log.error('message handling failed', { type: message.type, error: e instanceof Error ? e.message : String(e) });
      this.answerError(c, message.id, 'INTERNAL', 'the server failed to handle the message');
    });
  }

  private async handle(c: Connection, m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'ping':
        this.send(c, { type: 'pong', id: m.id, serverTime: this.o.now() });
        return;
      case 'login': {
        const result = await this.o.auth.login(m.username, m.password);
        if (typeof result === 'string') {
          this.o.log.warn('login refused', { reason: result });
          this.answerError(c, m.id, result, 'wrong username or password');
          return;
        }
        this.o.log.info('agent logged in', { agentId: result.agentId });
        this.bind(c, result, m.id, { token: result.token, agentId: result.agentId, expiresAt: result.expiresAt, serverTime: this.o.now() }, undefined);
        return;
      }
      case 'hello': {
        const result = this.o.auth.resume(m.token);
        if (typeof result === 'string') {
          this.answerError(c, m.id, result, 'the session has expired or is unknown; log in again');
          return;
        }
        this.bind(c, result, m.id, { agentId: result.agentId, expiresAt: result.expiresAt, serverTime: this.o.now() }, m.lastSeq);
        return;
      }
      case 'signOut':
        if (c.session) this.o.auth.end(c.session.token);
        c.unobserve?.();
        c.unobserve = null;
        c.session = null;
        this.send(c, { type: 'answer', id: m.id, ok: true, result: null });
        return;
      case 'command': {
        const session = c.session && this.o.auth.resume(c.session.token);
        if (!session || typeof session === 'string') {
          this.answerError(c, m.id, c.session ? 'SESSION_EXPIRED' : 'NOT_AUTHENTICATED', c.session ? 'the session has expired; log in again' : 'log in or say hello first');
          return;
        }
        try {
          const result = this.o.switchboard.execute(session.agentId, m.name, m.args);
          const seq = this.o.switchboard.agent(session.agentId)?.seq;
          this.send(c, { type: 'answer', id: m.id, ok: true, result: result ?? null, ...(seq !== undefined ? { seq } : {}) });
        } catch (e) {
          if (!(e instanceof PartnerError)) throw e;
          this.o.log.info('command refused', { agentId: session.agentId, command: m.name, code: e.code });
          this.answerError(c, m.id, e.code, e.message);
        }
      }
    }
  }

  /** Binds the connection to a session, answers, then replays what the client missed or sends a snapshot. */
  private bind(c: Connection, session: Session, id: string, result: Record<string, unknown>, lastSeq: number | undefined): void {
    const agent = this.o.switchboard.agent(session.agentId);
    if (!agent) {
      this.answerError(c, id, 'SESSION_EXPIRED', 'the session names no agent; log in again');
      return;
    }
    c.unobserve?.();
    c.session = session;
    const missed = lastSeq !== undefined && lastSeq <= agent.seq ? this.o.repo.eventsAfter(session.agentId, lastSeq) : undefined;
    this.send(c, { type: 'answer', id, ok: true, result: { ...result, resumed: missed !== undefined } });
    if (missed) {
      for (const e of missed) {
        const body = JSON.parse(e.body) as Pick<AgentRecord, 'event' | 'state'>;
        this.send(c, { type: 'event', seq: e.seq, at: e.at, event: body.event, state: body.state });
      }
    } else {
      this.send(c, { type: 'snapshot', seq: agent.seq, at: this.o.now(), state: agent.view() });
    }
    c.unobserve = agent.observe((r) => this.send(c, { type: 'event', seq: r.seq, at: r.at, event: r.event, state: r.state }));
  }

  private refuse(c: Connection, code: WireErrorCode, message: string, bytes: number, id?: string): void {
    this.o.log.warn('bad client message', { code, bytes, agentId: c.session?.agentId ?? null });
    this.send(c, id !== undefined ? { type: 'error', id, code, message } : { type: 'error', code, message });
  }

  private answerError(c: Connection, id: string, code: WireErrorCode, message: string): void {
    this.send(c, { type: 'answer', id, ok: false, error: { code, message } });
  }

  private send(c: Connection, message: ServerMessage): void {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(message));
  }

  private beat(): void {
    for (const c of this.connections) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }
}
