/**
 * One agent's partner domain as the server drives it: the connector's commands, the
 * control commands of CONTRACT §4, its events and its stored form — all synchronous.
 *
 * @remarks
 * The server does not implement call legs, the call state machine, the status
 * catalogue or schedules: {@link createAgentDomain} (`./create-agent-domain.ts`) wraps
 * `src/partner/core/`'s `PartnerAgent`, the one implementation the embedded simulator
 * runs too. Everything else in `server/` sees only this interface.
 */
import type { CallState } from '../../src/vocabulary/call-state';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import type { ScheduledStatusChange } from '../../src/partner/core/schedule';
import type { PartnerCall } from '../../src/partner/partner-telephony';
import type { AgentNotice } from '../../src/partner/core/agent';
import type { StoredAgentState } from '../db/repository';

/** The agent's partner domain. Refusals throw the seam's `PartnerError`. */
export interface AgentDomain {
  getStatus(): PartnerStatus;
  getCallState(): CallState;
  getCalls(): readonly PartnerCall[];
  isMuted(): boolean;
  isRecordingPaused(): boolean;
  /** Pending scheduled changes, earliest first. */
  getSchedule(): readonly ScheduledStatusChange[];
  /** Whether the agent's supervisor leg on `callId` has barged in (`undefined`: not supervising it). */
  supervising(callId: string): { bargedIn: boolean } | undefined;

  /** The connector sets the status (`origin: 'connector'`). */
  setStatus(status: PartnerStatus, reason: string): void;
  endWrapUp(): void;
  logout(): void;
  acceptCall(callId: string): PartnerCall;
  declineCall(callId: string): PartnerCall;
  hangUp(callId?: string): readonly PartnerCall[];
  dial(phoneNumber: string): PartnerCall;
  sendDigits(digits: string): void;
  hold(callId: string): PartnerCall;
  resume(callId: string): PartnerCall;
  setMuted(muted: boolean): void;
  setRecordingPaused(paused: boolean): void;
  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): PartnerCall;
  conference(): readonly PartnerCall[];
  swap(holdCallId: string, resumeCallId: string): readonly PartnerCall[];
  superviseCall(callId: string): PartnerCall;
  bargeIn(callId: string): PartnerCall;
  supervisorDisconnect(): readonly PartnerCall[];

  /** The partner itself changes the status (supervisor, WFM, ring-no-answer); `origin: 'partner'`. */
  setPartnerStatus(status: PartnerStatus, reason: string): boolean;
  /** Schedules a status change (CONTRACT §4 `SCHEDULE_STATUS`). */
  scheduleStatus(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange;
  /** A customer call rings for the agent, or is refused (`null`). `callId` fixes its id (a queued call keeps its id). */
  incomingCall(phoneNumber?: string, callId?: string): PartnerCall | null;
  /** The far end answers an outbound or participant leg. */
  remoteAnswer(callId?: string): PartnerCall | null;
  /** The far end hangs up. */
  remoteHangup(callId?: string): readonly PartnerCall[];

  /** Subscribes to the domain's events (synchronous, in order); returns the unsubscribe function. */
  subscribe(listener: (event: AgentNotice) => void): () => void;
  /** The whole state, for the database (without the server's `idleSince`). */
  stored(): Omit<StoredAgentState, 'idleSince'>;
  /** Stops its timer and drops subscribers. */
  dispose(): void;
}
