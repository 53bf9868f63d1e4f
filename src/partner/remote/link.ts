/**
 * The connection to the partner server: one socket at a time, its frames parsed as
 * hostile, a heartbeat while live, and retries with backoff after a drop.
 *
 * @remarks
 * The link does not decide when to retry or what to say after opening: its owner does
 * (`./remote-connection.ts`). Events of a socket the link already left behind are ignored.
 * Heartbeat: while {@link Link.live}, one timer every {@link HEARTBEAT_MS} sends a `ping`;
 * if the previous one is still unanswered the connection is dead and is dropped. Every
 * `pong` refines the estimate of the server clock's offset (half the round trip).
 */
import type { Clock, TimerHandle } from '../../platform/clock';
import { messageOf } from '../../vocabulary/guards';
import { PartnerError } from '../partner-telephony';
import type { ClientMessage, ServerMessage } from '../wire/messages';
import { parseServerMessage } from '../wire/parse-server';
import { retryDelay } from './backoff';
import type { Socket, SocketFactory } from './socket';

/** How often a live connection is checked. */
export const HEARTBEAT_MS = 15_000;

/** What the link needs and whom it tells. */
export interface LinkOptions {
  readonly url: string;
  readonly openSocket: SocketFactory;
  readonly clock: Clock;
  /** A number in [0, 1) for the retry jitter. */
  readonly random: () => number;
  /** A checked server frame. */
  readonly onFrame: (message: ServerMessage) => void;
  /** The open socket closed or was dropped (never called for one that failed to open, nor after `close`). */
  readonly onDown: (why: string) => void;
  /** A new estimate of server clock − local clock, ms. */
  readonly onClockOffset: (offset: number) => void;
  /** A log line (never a frame's content). */
  readonly log: (message: string, details: Record<string, unknown>) => void;
}

/** One connection to the server at a time. See the file comment. */
export class Link {
  private socket: Socket | null = null;
  private isOpen = false;
  private heartbeat: TimerHandle | null = null;
  private retry: TimerHandle | null = null;
  private attempt = 0;
  private unanswered: string | null = null;
  private readonly pingsSent = new Map<string, number>();
  private pings = 0;
  private closed = false;
  /** Rejects the open in progress (when the link leaves its socket before it opened). */
  private abandonOpen: (() => void) | null = null;

  constructor(private readonly o: LinkOptions) {}

  /** Opens a new socket (leaving any old one); resolves when open, rejects `UNAVAILABLE` when it cannot be. */
  open(): Promise<void> {
    this.leave();
    return new Promise((resolve, reject) => {
      const unreachable = (why: string): void => reject(new PartnerError(`the partner server at ${this.o.url} is not reachable (${why}); check /partner/url and that the server runs`, 'UNAVAILABLE'));
      if (this.closed) return unreachable('the connection was closed');
      this.abandonOpen = () => unreachable('the attempt was abandoned');
      let socket: Socket | null = null;
      const current = (): boolean => socket !== null && this.socket === socket;
      try {
        socket = this.o.openSocket(this.o.url, {
          open: () => {
            if (!current()) return;
            this.isOpen = true;
            this.abandonOpen = null;
            resolve();
          },
          message: (data) => {
            if (current() && this.isOpen) this.receive(data);
          },
          close: () => {
            if (!current()) return;
            const wasOpen = this.isOpen;
            if (!wasOpen) {
              this.abandonOpen = null;
              unreachable('the connection failed');
            }
            this.leave();
            if (wasOpen) this.o.onDown('the connection to the partner server closed');
          },
        });
        this.socket = socket;
      } catch (e) {
        this.abandonOpen = null;
        unreachable(messageOf(e));
      }
    });
  }

  /** Whether a socket is open. */
  get opened(): boolean {
    return this.isOpen;
  }

  /** Sends a message on the open socket; false when there is none. */
  send(message: ClientMessage): boolean {
    if (!this.socket || !this.isOpen) return false;
    if (message.type === 'ping') this.pingsSent.set(message.id, this.o.clock.elapsed());
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch (e) {
      this.o.log('send failed', { reason: messageOf(e) });
      return false;
    }
  }

  /** The session is live: retries start over and the heartbeat runs. */
  live(): void {
    this.attempt = 0;
    this.unanswered = null;
    this.stopHeartbeat();
    this.heartbeat = this.o.clock.setTimeout(() => this.beat(), HEARTBEAT_MS);
  }

  /** Drops the socket as dead and tells the owner (`onDown`). */
  drop(why: string): void {
    if (!this.socket) return;
    const wasOpen = this.isOpen;
    this.leave();
    if (wasOpen) this.o.onDown(why);
  }

  /** Runs `attempt` after the next backoff delay (one retry pending at a time). */
  retryLater(attempt: () => void): void {
    if (this.closed) return;
    if (this.retry !== null) this.o.clock.clearTimeout(this.retry);
    const delay = retryDelay(this.attempt++, this.o.random());
    this.retry = this.o.clock.setTimeout(() => {
      this.retry = null;
      attempt();
    }, delay);
  }

  /** Closes the socket and every timer for good. */
  close(): void {
    this.closed = true;
    if (this.retry !== null) this.o.clock.clearTimeout(this.retry);
    this.retry = null;
    this.leave();
  }

  private receive(data: unknown): void {
    const message = parseServerMessage(data);
    if ('problem' in message) {
      this.o.log('server frame dropped', { reason: message.problem });
      return;
    }
    if (message.type === 'pong') {
      if (message.id === this.unanswered) this.unanswered = null;
      const sentAt = this.pingsSent.get(message.id);
      this.pingsSent.delete(message.id);
      if (sentAt !== undefined) this.o.onClockOffset(message.serverTime - (this.o.clock.now() - (this.o.clock.elapsed() - sentAt) / 2));
    }
    this.o.onFrame(message);
  }

  private beat(): void {
    this.heartbeat = null;
    if (this.unanswered !== null) {
      this.drop(`no answer to the heartbeat within ${HEARTBEAT_MS / 1000} s`);
      return;
    }
    const id = `hb${++this.pings}`;
    if (this.send({ type: 'ping', id })) this.unanswered = id;
    this.heartbeat = this.o.clock.setTimeout(() => this.beat(), HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) this.o.clock.clearTimeout(this.heartbeat);
    this.heartbeat = null;
  }

  /** Leaves the current socket (closing it) without telling anyone but a pending `open`. */
  private leave(): void {
    const abandon = this.abandonOpen;
    this.abandonOpen = null;
    abandon?.();
    this.stopHeartbeat();
    this.pingsSent.clear();
    this.unanswered = null;
    const socket = this.socket;
    this.socket = null;
    this.isOpen = false;
    try {
      socket?.close();
    } catch {
      // Already closed.
    }
  }
}
