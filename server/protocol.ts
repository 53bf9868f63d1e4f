/**
 * The WebSocket protocol between a connector in `remote` mode and the partner server.
 *
 * @remarks
 * JSON text frames, one message each, at most {@link MAX_MESSAGE_BYTES}.
 *
 * ```
 * connector                                   server
 *   login {id, username, password} ───────▶   answer {id, ok, result: {token, agentId, expiresAt, serverTime}}
 *   hello {id, token, lastSeq?}    ───────▶   answer {id, ok, result: {agentId, expiresAt, serverTime, resumed}}
 *                                   ◀───────   event … (the ones after lastSeq, in order)   when resumed
 *                                   ◀───────   snapshot {seq, at, state}                    otherwise
 *   command {id, name, args}       ───────▶   answer {id, ok: true, result} | {id, ok: false, error: {code, message}}
 *                                   ◀───────   event {seq, at, event, state}  (every change of the agent)
 *   ping {id}                      ───────▶   pong {id, serverTime}
 *   signOut {id}                   ───────▶   answer {id, ok: true}; the session ends
 * ```
 * `seq` counts the agent's events (1, 2, …) across connections and restarts; `at` and
 * `serverTime` are the server's clock (epoch ms), from which a client estimates its
 * offset. `state` is the agent as it was right after the event, so a mirror that
 * applies events in `seq` order, each once, equals the server. A message the server
 * cannot use is answered `error {code, message}` (with the `id` when it had one).
 */
import type { CallState } from '../src/vocabulary/call-state';
import type { PartnerStatus } from '../src/vocabulary/partner-status';
import type { PartnerCall } from '../src/partner/partner-telephony';
import type { AgentNotice } from '../src/partner/core/agent';

/** The largest message either side accepts, in bytes. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Message rate each connection may sustain (per second), and its burst. */
export const RATE_LIMIT = { perSecond: 20, burst: 40 } as const;

/** Longest accepted message id. */
const MAX_ID_LENGTH = 64;

/** The agent as the server reports it. */
export interface AgentView {
  readonly status: PartnerStatus;
  readonly routable: boolean;
  readonly callState: CallState;
  readonly calls: readonly PartnerCall[];
  readonly muted: boolean;
  readonly recordingPaused: boolean;
}

/** Commands a connector sends: the `PartnerTelephony` methods, by name. */
export const COMMAND_NAMES = [
  'setStatus',
  'endWrapUp',
  'logout',
  'acceptCall',
  'declineCall',
  'hangUp',
  'dial',
  'sendDigits',
  'hold',
  'resume',
  'mute',
  'unmute',
  'addParticipant',
  'conference',
  'swap',
  'pauseRecording',
  'resumeRecording',
  'searchContacts',
  'superviseCall',
  'bargeIn',
  'supervisorDisconnect',
] as const;

/** A command name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Messages from the connector. */
export type ClientMessage =
  | { readonly type: 'login'; readonly id: string; readonly username: string; readonly password: string }
  | { readonly type: 'hello'; readonly id: string; readonly token: string; readonly lastSeq?: number }
  | { readonly type: 'ping'; readonly id: string }
  | { readonly type: 'signOut'; readonly id: string }
  | { readonly type: 'command'; readonly id: string; readonly name: CommandName; readonly args: Readonly<Record<string, unknown>> };

/** Error codes on the wire (the partner's own `PartnerError` codes pass through too). */
export type WireErrorCode =
  | 'BAD_MESSAGE'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'NOT_AUTHENTICATED'
  | 'BAD_CREDENTIALS'
  | 'SESSION_EXPIRED'
  | 'UNKNOWN_COMMAND'
  | 'INTERNAL'
  | (string & {});

/** A refusal on the wire. */
export interface WireError {
  readonly code: WireErrorCode;
  readonly message: string;
}

/** Messages from the server. */
export type ServerMessage =
  | { readonly type: 'answer'; readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly type: 'answer'; readonly id: string; readonly ok: false; readonly error: WireError }
  | { readonly type: 'event'; readonly seq: number; readonly at: number; readonly event: AgentNotice; readonly state: AgentView }
  | { readonly type: 'snapshot'; readonly seq: number; readonly at: number; readonly state: AgentView }
  | { readonly type: 'pong'; readonly id: string; readonly serverTime: number }
  | { readonly type: 'error'; readonly id?: string; readonly code: WireErrorCode; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

/** A parse failure, with the message id when the message had a usable one. */
export interface ParseFailure {
  readonly error: WireError;
  readonly id?: string;
}

/** Reads one client frame; returns the message or what is wrong with it (never the payload). */
export function parseClientMessage(text: string): ClientMessage | ParseFailure {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: { code: 'BAD_MESSAGE', message: 'message is not JSON' } };
  }
  if (!isRecord(raw)) return { error: { code: 'BAD_MESSAGE', message: 'message is not a JSON object' } };
  const id = isText(raw.id, MAX_ID_LENGTH) ? raw.id : undefined;
  const fail = (message: string): ParseFailure => ({ error: { code: 'BAD_MESSAGE', message }, ...(id !== undefined ? { id } : {}) });
  if (id === undefined) return fail(`id must be a string of 1-${MAX_ID_LENGTH} characters`);
  switch (raw.type) {
    case 'login':
      if (!isText(raw.username, 128) || !isText(raw.password, 1024)) return fail('login needs username (1-128 characters) and password (1-1024)');
      return { type: 'login', id, username: raw.username, password: raw.password };
    case 'hello':
      if (!isText(raw.token, 256)) return fail('hello needs a token');
      if (raw.lastSeq !== undefined && !(Number.isInteger(raw.lastSeq) && (raw.lastSeq as number) >= 0)) return fail('lastSeq must be a whole number >= 0');
      return raw.lastSeq === undefined ? { type: 'hello', id, token: raw.token } : { type: 'hello', id, token: raw.token, lastSeq: raw.lastSeq as number };
    case 'ping':
      return { type: 'ping', id };
    case 'signOut':
      return { type: 'signOut', id };
    case 'command': {
      if (!(COMMAND_NAMES as readonly unknown[]).includes(raw.name)) {
        return { error: { code: 'UNKNOWN_COMMAND', message: `unknown command, expected one of ${COMMAND_NAMES.join(', ')}` }, id };
      }
      const args = raw.args === undefined ? {} : raw.args;
      if (!isRecord(args)) return fail('args must be an object');
      return { type: 'command', id, name: raw.name as CommandName, args };
    }
    default:
      return fail('type must be login, hello, ping, signOut or command');
  }
}

/**
 * A token bucket: `take()` is false once more than the burst arrived faster than the
 * sustained rate allows.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
