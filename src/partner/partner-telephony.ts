/**
 * The partner telephony system as the connector sees it.
 *
 * @remarks
 * This is the seam a vendor replaces: the simulator in `./simulator/` is one
 * implementation; a real one wraps the vendor's agent and call APIs. The contract:
 *
 * - The implementation MUST keep a local mirror of the agent's status, call state and
 *   calls, so the `get…` queries answer synchronously.
 * - Every change of that mirror MUST be announced to subscribers, synchronously and in
 *   the order the changes happen, as a {@link PartnerEvent}.
 * - A status change the connector asked for (`setStatus`) MUST be announced with
 *   `origin: 'connector'`; every other status change (supervisor, WFM schedule,
 *   scheduled break, logout by the system) with `origin: 'partner'`. The status sync
 *   relies on this to tell its own changes from the partner's.
 * - Commands that are not possible in the current state reject with a
 *   {@link PartnerError} that names the state and what was expected; they change
 *   nothing.
 * - Call ids are stable for a call's life and are the ids the connector reports to
 *   Salesforce.
 */
import type { CallState } from './call-state';
import type { PartnerStatus } from './partner-status';

/** Who a call leg connects the agent with. */
export type CallRole = 'customer' | 'thirdParty' | 'supervisor';

/** How a call leg began. */
export type CallDirection = 'inbound' | 'outbound' | 'participant';

/** State of one call leg (the agent-level call state is {@link CallState}). */
export type LegState = 'ringing' | 'connected' | 'held' | 'ended';

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

/** Everything the partner announces. */
export type PartnerEvent =
  | { type: 'statusChanged'; status: PartnerStatus; previous: PartnerStatus; origin: StatusOrigin; reason: string }
  | { type: 'callStateChanged'; state: CallState; previous: CallState }
  | { type: 'incomingCall'; call: PartnerCall }
  | { type: 'callRefused'; reason: string }
  | { type: 'remoteAnswered'; call: PartnerCall }
  | { type: 'remoteHangup'; call: PartnerCall }
  | { type: 'callMissed'; call: PartnerCall }
  | { type: 'stateChanged' };

/** Listener for {@link PartnerEvent}s. */
export type PartnerListener = (event: PartnerEvent) => void;

/** A refused partner command: the message says the state and what was expected. */
export class PartnerError extends Error {
  constructor(
    message: string,
    /** Machine-readable reason, e.g. `NO_SUCH_CALL`, `INVALID_STATE`, `INVALID_DESTINATION`. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}

/** The partner telephony system, as driven by the connector. */
export interface PartnerTelephony {
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
