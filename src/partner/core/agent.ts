/**
 * One agent in a partner telephony system: status, call legs, call state and schedule,
 * as pure domain logic.
 *
 * @remarks
 * No DOM, no storage, no timers: time is the injected `now`, persistence is
 * {@link PartnerAgent.snapshot} / the `snapshot` option, and due events (ring timeouts,
 * scheduled status changes) fire when the owner calls {@link PartnerAgent.fireDue} at
 * {@link PartnerAgent.nextDueAt}. The browser simulator
 * (`src/partner/simulator/simulated-partner.ts`) wraps one agent with a timer and
 * storage; a partner server holds one per agent and drives it the same way.
 *
 * Rules it keeps: the status and the call state are apart, and each changes in one
 * place, announced in a fixed order (`./agent-state.ts`); due events are in
 * `./agent-timeline.ts`, the far end's actions in `./far-end.ts`. Commands check first
 * and change after: a refusal is a {@link PartnerError} naming the state and what was
 * expected, and changes nothing.
 *
 * @example
 * ```ts
 * // A server holding one agent: persist on every change, fire due events on a timer.
 * const agent = new PartnerAgent({ now: Date.now, newCallId: randomUUID, onEvent: (e) => {
 *   if (e.type === 'changed') db.save(id, agent.snapshot());
 *   else sessions.send(id, e);
 * } });
 * agent.setStatus('AVAILABLE', 'connector', 'agent logged in');
 * const due = agent.nextDueAt(); // arm a timer for it, then call agent.fireDue()
 * ```
 */
import type { CallState } from '../../vocabulary/call-state';
import { isNumberIn } from '../../vocabulary/guards';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import { StatusCatalogue } from '../../vocabulary/status-catalogue';
import { PartnerError, type PartnerCall, type StatusOrigin } from '../partner-telephony';
import { AgentCalls, type CoreLog } from './agent-calls';
import { AgentState } from './agent-state';
import { AgentTimeline, checkedRingDeadlines } from './agent-timeline';
import { toCall } from './call-legs';
import { DEFAULT_CALLER_NUMBER, DEFAULT_RING_TIMEOUT_MS, type PartnerAgentOptions } from './agent-options';
import { FarEnd } from './far-end';
import { SNAPSHOT_VERSION, type Snapshot } from './snapshot';
import type { ScheduledStatusChange } from './schedule';

export type { AgentNotice } from './agent-state';

export { DEFAULT_CALLER_NUMBER, DEFAULT_RING_TIMEOUT_MS, type PartnerAgentOptions } from './agent-options';

/** One agent's partner-side state and the commands that change it. See the file comment. */
export class PartnerAgent {
  private readonly now: () => number;
  private readonly log: CoreLog;
  private readonly calls: AgentCalls;
  private readonly state: AgentState;
  private readonly timeline: AgentTimeline;
  private readonly farEnd: FarEnd;
  private readonly catalogue: StatusCatalogue;

  constructor(options: PartnerAgentOptions) {
    this.now = options.now;
    this.log = options.log ?? (() => undefined);
    this.catalogue = options.catalogue ?? StatusCatalogue.REFERENCE;
    const ringTimeoutMs = isNumberIn(options.ringTimeoutMs, 0) && options.ringTimeoutMs > 0 ? options.ringTimeoutMs : DEFAULT_RING_TIMEOUT_MS;
    const saved = options.snapshot;
    const legs = saved ? checkedRingDeadlines(saved.calls, this.now(), ringTimeoutMs, this.log) : undefined;
    this.calls = new AgentCalls({ now: this.now, newCallId: options.newCallId, ringTimeoutMs, log: this.log }, legs, saved);
    this.state = new AgentState(this.calls, this.now, options.onEvent ?? (() => undefined), this.log, {
      status: saved?.status ?? options.initialStatus ?? 'OFFLINE',
      callState: saved?.callState ?? 'idle',
      eventSeq: saved?.eventSeq ?? 0,
    });
    this.farEnd = new FarEnd(this.calls, this.state, this.log, (code) => this.catalogue.isRoutable(code));
    this.timeline = new AgentTimeline(this.calls, this.state, this.now, this.log, saved && { schedule: saved.schedule, nextSeq: saved.nextSeq });
  }

  // ── queries ────────────────────────────────────────────────────────────────

  /** The agent's partner status. */
  get status(): PartnerStatus {
    return this.state.status;
  }

  /** The agent-level call state. */
  get callState(): CallState {
    return this.state.callState;
  }

  /** Live legs, oldest first. */
  getCalls(): readonly PartnerCall[] {
    return this.calls.legs.all().map((leg) => toCall(leg));
  }

  get muted(): boolean {
    return this.calls.muted;
  }

  get recordingPaused(): boolean {
    return this.calls.recordingPaused;
  }

  /** Pending scheduled status changes, earliest first. */
  scheduled(): readonly ScheduledStatusChange[] {
    return this.timeline.scheduled();
  }

  /** Everything needed to rebuild this agent (JSON-ready; read back with `parseSnapshot`). */
  snapshot(): Snapshot {
    const { muted, recordingPaused, dtmfCount } = this.calls;
    return {
      version: SNAPSHOT_VERSION,
      status: this.state.status,
      callState: this.state.callState,
      muted,
      recordingPaused,
      dtmfCount,
      calls: this.calls.legs.all().map((leg) => ({ ...leg })),
      ...this.timeline.toJSON(),
      eventSeq: this.state.eventSeq,
    };
  }

  /** Epoch ms of the earliest due event (ring timeout, scheduled change), or `null`. */
  nextDueAt(): number | null {
    return this.timeline.nextDueAt();
  }

  /** Fires, in order, every event due by `now()` (including those that firing makes due). */
  fireDue(): void {
    this.timeline.fireDue();
  }

  // ── status ─────────────────────────────────────────────────────────────────

  /**
   * Sets the status; `origin` says who asked (CONTRACT of `PartnerTelephony`). Returns
   * whether it changed.
   *
   * @throws PartnerError `INVALID_STATUS` for a code the catalogue lacks.
   */
  setStatus(status: PartnerStatus, origin: StatusOrigin, reason: string): boolean {
    if (!this.catalogue.has(status)) throw this.invalidStatus(status);
    const changed = this.state.changeStatus(status, origin, reason);
    if (changed) this.state.commit();
    return changed;
  }

  /**
   * Schedules a partner-side status change `startInMs` from now; with `durationMs`, the
   * status held before returns after that long (if the scheduled one still holds).
   *
   * @throws PartnerError `INVALID_STATUS`, `INVALID_ARGUMENT` for bad times, or
   * `SCHEDULE_FULL` when `MAX_SCHEDULED` changes are already scheduled (CONTRACT §7.6).
   */
  scheduleStatus(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange {
    if (!this.catalogue.has(status)) throw this.invalidStatus(status);
    return this.timeline.add(status, startInMs, durationMs);
  }

  /** Ends after-call work (wrap-up → idle); a no-op outside wrap-up. */
  endWrapUp(): void {
    if (this.state.callState !== 'wrapup') return;
    this.state.transition('idle');
    this.state.commit();
  }

  /**
   * Logs the agent out: every leg ends, call state back to idle, status `OFFLINE`, and the
   * scheduled changes are cancelled (a break must not start for a logged-out agent).
   */
  logout(): void {
    const cancelled = this.timeline.clear();
    if (cancelled > 0) this.log('scheduled changes cancelled by logout', { cancelled });
    this.calls.legs.clear();
    if (this.state.callState === 'connected' || this.state.callState === 'held') this.state.transition('wrapup');
    if (this.state.callState === 'ringing' || this.state.callState === 'wrapup') this.state.transition('idle');
    this.state.changeStatus('OFFLINE', 'connector', 'logout');
    this.state.commit();
  }

  // ── the agent's call commands ──────────────────────────────────────────────

  acceptCall(callId: string): PartnerCall {
    return this.state.settledCall(this.calls.accept(callId));
  }

  declineCall(callId: string): PartnerCall {
    return this.state.settledCall(this.calls.decline(callId), 'ended');
  }

  hangUp(callId?: string): readonly PartnerCall[] {
    return this.state.settledCalls(this.calls.hangUp(this.state.callState, callId), 'ended');
  }

  dial(phoneNumber: string): PartnerCall {
    return this.state.settledCall(this.calls.dial(this.state.callState, phoneNumber));
  }

  sendDigits(digits: string): void {
    this.calls.sendDigits(this.state.callState, digits);
    this.state.commit();
  }

  hold(callId: string): PartnerCall {
    return this.state.settledCall(this.calls.hold(callId));
  }

  resume(callId: string): PartnerCall {
    return this.state.settledCall(this.calls.resume(callId));
  }

  setMuted(muted: boolean): void {
    if (this.calls.setMuted(this.state.callState, muted)) this.state.commit();
  }

  setRecordingPaused(paused: boolean): void {
    if (this.calls.setRecordingPaused(this.state.callState, paused)) this.state.commit();
  }

  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): PartnerCall {
    const { leg, transferred } = this.calls.addParticipant(phoneNumber, parentCallId, blindTransfer);
    return this.state.settledCall(leg, transferred ? 'ended' : leg.state);
  }

  conference(): readonly PartnerCall[] {
    return this.state.settledCalls(this.calls.conference(this.state.callState));
  }

  swap(holdCallId: string, resumeCallId: string): readonly PartnerCall[] {
    return this.state.settledCalls(this.calls.swap(holdCallId, resumeCallId));
  }

  superviseCall(callId: string): PartnerCall {
    const leg = this.calls.supervise(callId);
    this.state.commit();
    return toCall(leg);
  }

  bargeIn(callId: string): PartnerCall {
    const { leg, changed } = this.calls.bargeIn(callId);
    if (changed) {
      this.state.emit({ type: 'supervisorBargedIn', call: toCall(leg) });
      this.state.commit();
    }
    return toCall(leg);
  }

  supervisorDisconnect(): readonly PartnerCall[] {
    const ended = this.calls.supervisorDisconnect();
    if (ended.length > 0) this.state.commit();
    return ended.map((l) => toCall(l, 'ended'));
  }

  // ── the far end (see ./far-end.ts) ─────────────────────────────────────────

  /** A customer call arrives; `null` when it is refused (status not routable, agent not idle). */
  incomingCall(phoneNumber: string = DEFAULT_CALLER_NUMBER): PartnerCall | null {
    return this.farEnd.incomingCall(phoneNumber);
  }

  /** The far end answers `callId` (default: the newest answerable leg); `null` when nothing to answer. */
  remoteAnswer(callId?: string): PartnerCall | null {
    return this.farEnd.remoteAnswer(callId);
  }

  /** The far end hangs up `callId` (default: the customer); one `remoteHangup` per ended leg, customer first. */
  remoteHangup(callId?: string): readonly PartnerCall[] {
    return this.farEnd.remoteHangup(callId);
  }

  private invalidStatus(status: unknown): PartnerError {
    return new PartnerError(`unknown partner status ${JSON.stringify(status) ?? String(status)}, expected ${this.catalogue.codes().join(', ')}`, 'INVALID_STATUS');
  }
}
