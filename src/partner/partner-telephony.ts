/**
 * The partner telephony system as the connector sees it: the seam a vendor implements.
 *
 * @remarks
 * The simulator in `./simulator/` is one implementation; a real one wraps the vendor's
 * agent and call APIs, usually over a network. `test/support/partner-conformance.ts` is
 * the checklist every implementation passes. The contract, per concern:
 *
 * **Lifecycle.** An implementation is created by a factory (`src/composition/`), before
 * Salesforce connects, in state `disconnected` (an in-page one with nothing to reach,
 * such as the simulator, may start `connected`); it MUST NOT reach the network before
 * {@link PartnerTelephony.connect}, which the connector calls from `init` with the call
 * center's configuration. States:
 * ```
 *   disconnected ──connect()──▶ connecting ──▶ connected ──drop──▶ reconnecting
 *        ▲                          │                ▲                  │
 *        │                          └─ fails ─┐      └──── back ────────┘
 *        └───────── dispose() from any state ─┴──── gives up ──────────┘
 * ```
 * Every change of state is announced to `onConnectionStateChange` listeners. `connect`
 * resolves `{ outcome: 'connected' }` once the mirror holds the partner's current state
 * (so `CONNECTOR_READY` never replays a stale call list), or `{ outcome: 'loginRequired' }`
 * when the agent must log in first ({@link PartnerTelephony.login}); it rejects only with
 * a {@link PartnerError} (`UNAVAILABLE`, `TIMEOUT`). `dispose` ends everything: no event,
 * timer or connection survives it.
 *
 * **Mirror.** The implementation MUST keep a local mirror of the agent's status, call
 * state and calls, so the `get…` queries answer synchronously, from any state (while not
 * connected they answer the last known state).
 *
 * **Events.** Every change of the mirror MUST be announced to subscribers as a
 * {@link PartnerEvent}, synchronously after the mirror changed, in the order the changes
 * happened. Each event carries the agent's `seq` (strictly increasing, never reused for
 * the agent, also across reconnects and reloads where the partner keeps state) and `at`,
 * the partner's time of the change (epoch ms). A consumer drops an event whose `seq` is
 * not above the last one it applied (a late or duplicate push). A status change the
 * connector asked for (`setStatus`) MUST carry `origin: 'connector'`; every other one
 * (supervisor, WFM schedule, logout by the system, a change made while ours was in
 * flight) `origin: 'partner'`.
 *
 * **Commands.** A command's promise MUST resolve only after the mirror shows its effect
 * and its events have been delivered (so `await mute()` then `isMuted()` is true). A
 * command that is not possible rejects with a {@link PartnerError} naming the state and
 * what was expected, and changes nothing. While not `connected`, commands reject at once
 * with `UNAVAILABLE`. The connector gives every command a time limit
 * ({@link COMMAND_TIME_LIMIT_MS}); an implementation SHOULD reject with `TIMEOUT` itself
 * before it.
 *
 * **Reconnect.** After `reconnecting → connected` the implementation MUST bring the mirror
 * to the partner's state and then either deliver the events missed meanwhile, in order,
 * none twice, or (when it cannot) one `resynced` event whose `seq` is the partner's latest;
 * consumers re-read the mirror on `resynced`.
 *
 * Call ids are stable for a call's life and are the ids the connector reports to
 * Salesforce.
 */
import type { CallState } from '../vocabulary/call-state';
import { isPartnerErrorCode, type PartnerErrorCode } from '../vocabulary/partner-errors';
import type { PartnerStatus, PartnerStatusInfo } from '../vocabulary/partner-status';

/** The time limit the connector gives every partner command (CONTRACT §8: 5 s). */
export const COMMAND_TIME_LIMIT_MS = 5_000;

/** Every {@link CallRole}; the type is derived from this list. */
export const CALL_ROLES = ['customer', 'thirdParty', 'supervisor'] as const;

/** Who a call leg connects the agent with. */
export type CallRole = (typeof CALL_ROLES)[number];

/** Every {@link CallDirection}; the type is derived from this list. */
export const CALL_DIRECTIONS = ['inbound', 'outbound', 'participant'] as const;

/** How a call leg began. */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Every {@link LegState}; the type is derived from this list. */
export const LEG_STATES = ['ringing', 'connected', 'held', 'ended'] as const;

/** State of one call leg (the agent-level call state is {@link CallState}). */
export type LegState = (typeof LEG_STATES)[number];

/** One call leg as the partner system knows it. */
export interface PartnerCall {
  readonly id: string;
  readonly role: CallRole;
  readonly direction: CallDirection;
  readonly phoneNumber: string;
  readonly state: LegState;
  /** For a third-party leg: the id of the customer leg it was added to. */
  readonly parentId?: string;
  /** Epoch ms when the leg was created. */
  readonly createdAt: number;
  /** A supervisor leg only: the supervisor has barged in (joined the conversation). */
  readonly bargedIn?: boolean;
}

/** A partner-side contact (directory entry). */
export interface PartnerContact {
  readonly id: string;
  readonly type: 'agent' | 'queue' | 'phonebook';
  readonly name: string;
  readonly phoneNumber?: string;
  readonly available?: boolean;
}

/** Filter for {@link PartnerTelephony.searchContacts}; every field optional. */
export interface ContactFilter {
  /** Case-insensitive substring of the name or number. */
  readonly contains?: string;
  readonly types?: readonly PartnerContact['type'][];
  /** Only contacts that are available (agents) or open (queues). */
  readonly availableOnly?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** Where a status change came from. */
export type StatusOrigin = 'partner' | 'connector';

/** The state of the connection to the partner (see the diagram in the file comment). */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** What every event carries: the agent's sequence number and the partner's time. */
export interface EventStamp {
  /** Strictly increasing per agent; a consumer drops what is not above the last it applied. */
  readonly seq: number;
  /** The partner's time of the change, epoch ms. */
  readonly at: number;
}

/** A change of the partner's mirror, before it is stamped. */
export type PartnerChange =
  | { type: 'statusChanged'; status: PartnerStatus; previous: PartnerStatus; origin: StatusOrigin; reason: string }
  | { type: 'callStateChanged'; state: CallState; previous: CallState }
  | { type: 'incomingCall'; call: PartnerCall }
  | { type: 'remoteAnswered'; call: PartnerCall }
  | { type: 'remoteHangup'; call: PartnerCall }
  | { type: 'callMissed'; call: PartnerCall }
  | { type: 'supervisorBargedIn'; call: PartnerCall }
  /** The mirror was replaced by the partner's current state (after a reconnect): re-read it. */
  | { type: 'resynced' };

/** Everything the partner announces: a change with its stamp. */
export type PartnerEvent = PartnerChange & EventStamp;

/** Listener for {@link PartnerEvent}s. */
export type PartnerListener = (event: PartnerEvent) => void;

/** How {@link PartnerTelephony.connect} ended. */
export type ConnectResult = { readonly outcome: 'connected' } | { readonly outcome: 'loginRequired'; readonly message: string };

/** What {@link PartnerTelephony.connect} is given. */
export interface ConnectOptions {
  /** The call center's configuration (`callCenterConfig`): URL, mode and vendor keys (CONTRACT §3). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Aborts the attempt (the connector's time limit, or the page going away). */
  readonly signal?: AbortSignal;
}

/** An agent's credentials for a partner that needs a login. */
export interface PartnerCredentials {
  readonly username: string;
  readonly password: string;
}

/** What the partner system offers besides calls. */
export interface PartnerCapabilities {
  /** The partner keeps call recordings (so Salesforce may ask for a signed URL). */
  readonly recordings: boolean;
}

/** A refused or failed partner command: the message says the state and what was expected. */
export class PartnerError extends Error {
  constructor(
    message: string,
    /** Why it failed; the connector maps each code to a Salesforce error type. */
    readonly code: PartnerErrorCode,
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}

/**
 * True for a {@link PartnerError}, also one made by another copy of this module: an
 * `Error` named `PartnerError` whose `code` is a {@link PartnerErrorCode}. A network
 * error's string code (`ECONNRESET`) is not one.
 */
export function isPartnerError(e: unknown): e is PartnerError {
  return e instanceof PartnerError || (e instanceof Error && e.name === 'PartnerError' && isPartnerErrorCode((e as { code?: unknown }).code));
}

/** The partner telephony system, as driven by the connector. See the file comment for the contract. */
export interface PartnerTelephony {
  /** The connection's state. */
  readonly connectionState: ConnectionState;
  /** What the partner offers besides calls. */
  readonly capabilities: PartnerCapabilities;
  /** Connects (see the file comment); never called twice without `dispose` in between. */
  connect(options: ConnectOptions): Promise<ConnectResult>;
  /** Logs the agent in after `connect` answered `loginRequired`; resolves like `connect`. */
  login(credentials: PartnerCredentials): Promise<ConnectResult>;
  /** Subscribes to connection-state changes; returns the unsubscribe function. */
  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Ends the connection, timers and subscriptions for good. */
  dispose(): void;

  /** The partner's status catalogue: every code with its label, routability and offline flag. */
  getStatusCatalogue(): readonly PartnerStatusInfo[];
  /**
   * The partner's clock now (epoch ms), as best this side knows it: a networked partner
   * adds the offset it estimated at connect to the local clock; an in-page one returns its
   * own clock. Comparable with events' `at` (CONTRACT §8: "newer by the server's clock").
   */
  partnerNow(): number;
  /** The agent's current partner status. */
  getStatus(): PartnerStatus;
  /** The agent-level call state. */
  getCallState(): CallState;
  /** Live call legs (not ended), oldest first. */
  getCalls(): readonly PartnerCall[];
  /** Whether the agent's microphone is muted. */
  isMuted(): boolean;
  /** Whether recording of the customer call is paused. */
  isRecordingPaused(): boolean;

  /** Sets the agent's status on the connector's behalf (announced with `origin: 'connector'`). */
  setStatus(status: PartnerStatus, reason: string): Promise<void>;
  /** Ends after-call work (wrap-up → idle). A no-op outside wrap-up. */
  endWrapUp(): Promise<void>;
  /** Logs the agent out of the partner system: ends calls, status `OFFLINE`. */
  logout(): Promise<void>;

  /** Agent answers a ringing inbound leg. */
  acceptCall(callId: string): Promise<PartnerCall>;
  /** Agent declines a ringing inbound leg (the guard lifts at once: ringing → idle). */
  declineCall(callId: string): Promise<PartnerCall>;
  /**
   * Agent hangs up `callId` (a third-party leg: only that leg ends), or every leg when
   * omitted. A connected customer call that ends moves the agent to wrap-up. Returns the
   * ended legs.
   */
  hangUp(callId?: string): Promise<readonly PartnerCall[]>;
  /** Agent dials out: an outbound customer leg that rings until the far end answers (REMOTE_ANSWER). */
  dial(phoneNumber: string): Promise<PartnerCall>;
  /** DTMF on the connected call. */
  sendDigits(digits: string): Promise<void>;
  /** Holds a connected leg. */
  hold(callId: string): Promise<PartnerCall>;
  /** Resumes a held leg. */
  resume(callId: string): Promise<PartnerCall>;
  /** Mutes the agent's microphone (only with a live call). */
  mute(): Promise<void>;
  /** Unmutes the agent's microphone. */
  unmute(): Promise<void>;
  /**
   * Adds a third party to the customer leg `parentCallId`: the customer is held, the new
   * leg rings until the far end answers. With `blindTransfer`, the customer is handed to
   * the third party and the agent's own call ends (agent → wrap-up).
   */
  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): Promise<PartnerCall>;
  /** Joins every connected or held leg into one conference (nobody on hold). */
  conference(): Promise<readonly PartnerCall[]>;
  /** Holds `holdCallId` and resumes `resumeCallId`; returns both legs after the swap. */
  swap(holdCallId: string, resumeCallId: string): Promise<readonly PartnerCall[]>;
  /** Pauses recording of the live customer call. */
  pauseRecording(): Promise<void>;
  /** Resumes recording of the live customer call. */
  resumeRecording(): Promise<void>;
  /** The directory: agents, queues and phone-book entries, filtered. */
  searchContacts(filter: ContactFilter): Promise<readonly PartnerContact[]>;
  /** A supervisor starts listening to another agent's call (a `supervisor` leg). */
  superviseCall(callId: string): Promise<PartnerCall>;
  /** The listening supervisor barges in (joins the conversation). */
  bargeIn(callId: string): Promise<PartnerCall>;
  /** The supervisor leaves the supervised call; returns the ended supervisor legs. */
  supervisorDisconnect(): Promise<readonly PartnerCall[]>;

  /** Subscribes to partner events; returns the unsubscribe function. */
  subscribe(listener: PartnerListener): () => void;
}

/** The seam's queries: synchronous, answered from what the partner last reported. */
export const PARTNER_QUERIES = [
  'getStatusCatalogue', 'partnerNow', 'getStatus', 'getCallState', 'getCalls', 'isMuted', 'isRecordingPaused',
] as const satisfies readonly (keyof PartnerTelephony)[];

/** The seam's commands: asynchronous, each asks the partner for a change. */
export const PARTNER_COMMANDS = [
  'setStatus', 'endWrapUp', 'logout', 'acceptCall', 'declineCall', 'hangUp', 'dial', 'sendDigits', 'hold', 'resume',
  'mute', 'unmute', 'addParticipant', 'conference', 'swap', 'pauseRecording', 'resumeRecording', 'searchContacts',
  'superviseCall', 'bargeIn', 'supervisorDisconnect',
] as const satisfies readonly (keyof PartnerTelephony)[];

/** One of {@link PARTNER_QUERIES}. */
export type PartnerQuery = (typeof PARTNER_QUERIES)[number];
/** One of {@link PARTNER_COMMANDS}. */
export type PartnerCommand = (typeof PARTNER_COMMANDS)[number];
