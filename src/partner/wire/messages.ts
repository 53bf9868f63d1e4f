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
 *   command {id, name, args}       ───────▶   answer {id, ok: true, result, seq} | {id, ok: false, error: {code, message}}
 *                                   ◀───────   event {seq, at, event, state}  (every change of the agent)
 *   ping {id}                      ───────▶   pong {id, serverTime}
 *   signOut {id}                   ───────▶   answer {id, ok: true}; the session ends
 * ```
 * `seq` counts the agent's events (1, 2, …) across connections and restarts; `at` and
 * `serverTime` are the server's clock (epoch ms), from which a client estimates its
 * offset. `state` is the agent as it was right after the event, so a mirror that
 * applies events in `seq` order, each once, equals the server. A message the server
 * cannot use is answered `error {code, message}` (with the `id` when it had one).
 *
 * This folder is shared by the server and the connector's remote mode, so it uses no
 * Node API (it ends up in the browser bundle). Each side parses what the other sends as
 * hostile: `./parse-client.ts` on the server, `./parse-server.ts` in the connector.
 */
import type { CallState } from '../../vocabulary/call-state';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import type { PartnerCall, PartnerChange } from '../partner-telephony';

/** The largest message either side accepts, in bytes. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Message rate each connection may sustain (per second), and its burst. */
export const RATE_LIMIT = { perSecond: 20, burst: 40 } as const;

/** Longest accepted message id. */
export const MAX_ID_LENGTH = 64;

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

/**
 * What an `event` says happened: a change of the seam (its stamp is the message's `seq`
 * and `at`), or `changed`, the end of one command's or tick's changes (no event of the seam).
 */
export type WireNotice = PartnerChange | { readonly type: 'changed' };

/** Messages from the server. */
export type ServerMessage =
  /** `seq`: a command's answer names the agent's `seq` after its events, so a client can wait for them whatever the order. */
  | { readonly type: 'answer'; readonly id: string; readonly ok: true; readonly result: unknown; readonly seq?: number }
  | { readonly type: 'answer'; readonly id: string; readonly ok: false; readonly error: WireError }
  | { readonly type: 'event'; readonly seq: number; readonly at: number; readonly event: WireNotice; readonly state: AgentView }
  | { readonly type: 'snapshot'; readonly seq: number; readonly at: number; readonly state: AgentView }
  | { readonly type: 'pong'; readonly id: string; readonly serverTime: number }
  | { readonly type: 'error'; readonly id?: string; readonly code: WireErrorCode; readonly message: string };
