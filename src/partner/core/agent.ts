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
 * Rules it keeps:
 * - The agent status and the agent-level call state are apart. The call state moves only
 *   through {@link transitionCallState} (see the diagram in `./call-state-machine.ts`);
 *   it is what the legs imply: any leg connected → `connected`; else any held → `held`;
 *   else any ringing → `ringing`; no agent leg left → `wrapup` after an answered call,
 *   `idle` after one that only rang. A supervisor leg never changes it.
 * - Events are announced synchronously through `onEvent`, in the order things happen.
 *   When the agent leaves `idle`, `callStateChanged` comes first and the call event
 *   (`incomingCall`) after it; otherwise the call events (`remoteHangup`, `callMissed` …)
 *   come first and `callStateChanged` after them, so a status-sync guard is up before a
 *   call appears and lifts only after it is gone. Every command that changed something
 *   ends with one `changed` notice: the owner saves the snapshot then. Each event is
 *   stamped with the agent's next `seq` (kept in the snapshot) and the time.
 * - Commands check first and change after: a refusal is a {@link PartnerError} naming the
 *   state and what was expected, and changes nothing.
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
import { isPartnerStatus, isRoutable, PARTNER_STATUSES, type PartnerStatus } from '../../vocabulary/partner-status';
import { PartnerError, type PartnerCall, type PartnerChange, type PartnerEvent, type StatusOrigin } from '../partner-telephony';
import { AgentCalls, type CoreLog } from './agent-calls';
import { toCall, type LegRecord } from './call-legs';
import { settledCallState, transitionCallState } from './call-state-machine';
import { SNAPSHOT_VERSION, type Snapshot } from './snapshot';
import { checkedSchedule, MAX_SCHEDULED, StatusSchedule, type ScheduledEntry, type ScheduledStatusChange } from './schedule';

/** How long an inbound call rings before it is missed, unless `ringTimeoutMs` is given. */
export const DEFAULT_RING_TIMEOUT_MS = 30_000;

/** The (fictional) caller number of an incoming call without a number. */
export const DEFAULT_CALLER_NUMBER = '+15555550123';

/** Options of {@link PartnerAgent}. */
export interface PartnerAgentOptions {
  /** Epoch milliseconds now (the owner's clock). */
  readonly now: () => number;
  /** Makes a call id, unique for the agent's life. */
  readonly newCallId: () => string;
  /** Ring time before an inbound call is missed; default {@link DEFAULT_RING_TIMEOUT_MS}. */
  readonly ringTimeoutMs?: number;
  /** Status of a fresh agent (no `snapshot`); default `OFFLINE` (logged out). */
  readonly initialStatus?: PartnerStatus;
  /** Saved state to start from (already validated by `parseSnapshot`). */
  readonly snapshot?: Snapshot;
  /** Receives every event, stamped, synchronously, in order; then `changed` once per command that changed something. */
  readonly onEvent?: (event: AgentNotice) => void;
  /** Receives log lines (never numbers, digits or names); default none. */
  readonly log?: CoreLog;
}

/** What the agent announces: its stamped events, and `changed` after each change (save the snapshot then). */
export type AgentNotice = PartnerEvent | { readonly type: 'changed' };

type DueItem = { readonly at: number; readonly order: number; readonly fire: () => void };

/** One agent's partner-side state and the commands that change it. See the file comment. */
export class PartnerAgent {
  private readonly now: () => number;
  private readonly log: CoreLog;
  private readonly onEvent: (event: AgentNotice) => void;
  private readonly calls: AgentCalls;
  private statusValue: PartnerStatus;
  private callStateValue: CallState;
  private readonly schedule: StatusSchedule;
  /** The `seq` of the last event announced. */
  private eventSeq: number;

  constructor(options: PartnerAgentOptions) {
    this.now = options.now;
    this.log = options.log ?? (() => undefined);
    this.onEvent = options.onEvent ?? (() => undefined);
    const ringTimeoutMs = isNumberIn(options.ringTimeoutMs, 0) && options.ringTimeoutMs > 0 ? options.ringTimeoutMs : DEFAULT_RING_TIMEOUT_MS;
    const saved = options.snapshot;
    const legs = saved ? this.checkedRingDeadlines(saved.calls, ringTimeoutMs) : undefined;
    this.calls = new AgentCalls({ now: this.now, newCallId: options.newCallId, ringTimeoutMs, log: this.log }, legs, saved);
    this.statusValue = saved?.status ?? options.initialStatus ?? 'OFFLINE';
    this.callStateValue = saved?.callState ?? 'idle';
    this.schedule = new StatusSchedule(saved ? this.checkedSchedule(saved.schedule) : [], saved?.nextSeq);
    this.eventSeq = saved?.eventSeq ?? 0;
  }

  /**
   * Restored ring deadlines, checked against the clock (CONTRACT §7.9): one further away
   * than the ring timeout (a stored 8.64e15 would ring forever) is replaced by a full
   * ring timeout from now, with a warning.
   */
  private checkedRingDeadlines(legs: readonly LegRecord[], ringTimeoutMs: number): LegRecord[] {
    const now = this.now();
    return legs.map((leg) => {
      if (leg.ringDeadline === undefined || leg.ringDeadline - now <= ringTimeoutMs) return leg;
      this.log('restored ring deadline discarded', { callId: leg.id, reason: `it was ${Math.round((leg.ringDeadline - now) / 1000)} s away, more than the ring timeout` }, true);
      return { ...leg, ringDeadline: now + ringTimeoutMs };
    });
  }

  /** Restored schedule entries, checked against the clock and the cap (CONTRACT §7.9, §7.6). */
  private checkedSchedule(entries: readonly ScheduledEntry[]): ScheduledEntry[] {
    const { kept, dropped } = checkedSchedule(entries, this.now());
    for (const reason of dropped) this.log('restored schedule entry discarded', { reason }, true);
    return kept;
  }

  // ── queries ────────────────────────────────────────────────────────────────

  /** The agent's partner status. */
  get status(): PartnerStatus {
    return this.statusValue;
  }

  /** The agent-level call state. */
  get callState(): CallState {
    return this.callStateValue;
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
    return this.schedule.view();
  }

  /** Everything needed to rebuild this agent (JSON-ready; read back with `parseSnapshot`). */
  snapshot(): Snapshot {
    const { muted, recordingPaused, dtmfCount } = this.calls;
    return {
      version: SNAPSHOT_VERSION,
      status: this.statusValue,
      callState: this.callStateValue,
      muted,
      recordingPaused,
      dtmfCount,
      calls: this.calls.legs.all().map((leg) => ({ ...leg })),
      ...this.schedule.toJSON(),
      eventSeq: this.eventSeq,
    };
  }

  /** Epoch ms of the earliest due event (ring timeout, scheduled change), or `null`. */
  nextDueAt(): number | null {
    return this.dueItems()[0]?.at ?? null;
  }

  /** Fires, in order, every event due by `now()` (including those that firing makes due). */
  fireDue(): void {
    for (;;) {
      const next = this.dueItems()[0];
      if (!next || next.at > this.now()) return;
      next.fire();
    }
  }

  // ── status ─────────────────────────────────────────────────────────────────

  /**
   * Sets the status; `origin` says who asked (CONTRACT of `PartnerTelephony`). Returns
   * whether it changed.
   *
   * @throws PartnerError `INVALID_STATUS` for an unknown status code.
   */
  setStatus(status: PartnerStatus, origin: StatusOrigin, reason: string): boolean {
    if (!isPartnerStatus(status)) throw invalidStatus(status);
    const changed = this.changeStatus(status, origin, reason);
    if (changed) this.commit();
    return changed;
  }

  /**
   * Schedules a partner-side status change `startInMs` from now; with `durationMs`, the
   * status held before returns after that long (if the scheduled one still holds).
   *
   * @throws PartnerError `INVALID_STATUS`, `INVALID_ARGUMENT` for bad times, or
   * `SCHEDULE_FULL` when {@link MAX_SCHEDULED} changes are already scheduled (CONTRACT §7.6).
   */
  scheduleStatus(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange {
    if (!isPartnerStatus(status)) throw invalidStatus(status);
    if (this.schedule.all().length >= MAX_SCHEDULED) {
      throw new PartnerError(`${this.schedule.all().length} status changes already scheduled, at most ${MAX_SCHEDULED}; wait for one to pass`, 'SCHEDULE_FULL');
    }
    const entry = this.schedule.add(this.now(), status, startInMs, durationMs);
    this.log('status change scheduled', { status, startInMs, durationMs: durationMs ?? null });
    this.commit();
    return Object.freeze({ at: entry.at, kind: 'start', status });
  }

  /** Ends after-call work (wrap-up → idle); a no-op outside wrap-up. */
  endWrapUp(): void {
    if (this.callStateValue !== 'wrapup') return;
    this.transition('idle');
    this.commit();
  }

  /**
   * Logs the agent out: every leg ends, call state back to idle, status `OFFLINE`, and the
   * scheduled changes are cancelled (a break must not start for a logged-out agent).
   */
  logout(): void {
    const cancelled = this.schedule.clear();
    if (cancelled > 0) this.log('scheduled changes cancelled by logout', { cancelled });
    this.calls.legs.clear();
    if (this.callStateValue === 'connected' || this.callStateValue === 'held') this.transition('wrapup');
    if (this.callStateValue === 'ringing' || this.callStateValue === 'wrapup') this.transition('idle');
    this.changeStatus('OFFLINE', 'connector', 'logout');
    this.commit();
  }

  // ── the agent's call commands ──────────────────────────────────────────────

  acceptCall(callId: string): PartnerCall {
    return this.settledCall(this.calls.accept(callId));
  }

  declineCall(callId: string): PartnerCall {
    return this.settledCall(this.calls.decline(callId), 'ended');
  }

  hangUp(callId?: string): readonly PartnerCall[] {
    return this.settledCalls(this.calls.hangUp(this.callStateValue, callId), 'ended');
  }

  dial(phoneNumber: string): PartnerCall {
    return this.settledCall(this.calls.dial(this.callStateValue, phoneNumber));
  }

  sendDigits(digits: string): void {
    this.calls.sendDigits(this.callStateValue, digits);
    this.commit();
  }

  hold(callId: string): PartnerCall {
    return this.settledCall(this.calls.hold(callId));
  }

  resume(callId: string): PartnerCall {
    return this.settledCall(this.calls.resume(callId));
  }

  setMuted(muted: boolean): void {
    if (this.calls.setMuted(this.callStateValue, muted)) this.commit();
  }

  setRecordingPaused(paused: boolean): void {
    if (this.calls.setRecordingPaused(this.callStateValue, paused)) this.commit();
  }

  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): PartnerCall {
    const { leg, transferred } = this.calls.addParticipant(phoneNumber, parentCallId, blindTransfer);
    return this.settledCall(leg, transferred ? 'ended' : leg.state);
  }

  conference(): readonly PartnerCall[] {
    return this.settledCalls(this.calls.conference(this.callStateValue));
  }

  swap(holdCallId: string, resumeCallId: string): readonly PartnerCall[] {
    return this.settledCalls(this.calls.swap(holdCallId, resumeCallId));
  }

  superviseCall(callId: string): PartnerCall {
    const leg = this.calls.supervise(callId);
    this.commit();
    return toCall(leg);
  }

  bargeIn(callId: string): PartnerCall {
    const { leg, changed } = this.calls.bargeIn(callId);
    if (changed) {
      this.emit({ type: 'supervisorBargedIn', call: toCall(leg) });
      this.commit();
    }
    return toCall(leg);
  }

  supervisorDisconnect(): readonly PartnerCall[] {
    const ended = this.calls.supervisorDisconnect();
    if (ended.length > 0) this.commit();
    return ended.map((l) => toCall(l, 'ended'));
  }

  // ── the far end ────────────────────────────────────────────────────────────

  /**
   * A customer call arrives: it rings only if the status is routable and the agent idle;
   * otherwise it is refused (the reason logged, nothing announced) and `null` returned.
   */
  incomingCall(phoneNumber: string = DEFAULT_CALLER_NUMBER): PartnerCall | null {
    let reason: string | null = null;
    if (!isRoutable(this.statusValue)) reason = `status ${this.statusValue} is not routable`;
    else if (this.callStateValue !== 'idle') reason = `agent is ${this.callStateValue}, expected idle`;
    if (reason !== null) {
      this.log('incoming call refused', { reason });
      return null;
    }
    const leg = this.calls.incoming(phoneNumber);
    this.settle([{ type: 'incomingCall', call: toCall(leg) }]);
    return toCall(leg);
  }

  /** The far end answers `callId` (default: the newest answerable leg); `null` when nothing to answer. */
  remoteAnswer(callId?: string): PartnerCall | null {
    const leg = this.calls.remoteAnswer(callId);
    if (!leg) return null;
    this.settle([{ type: 'remoteAnswered', call: toCall(leg) }]);
    return toCall(leg);
  }

  /** The far end hangs up `callId` (default: the customer); one `remoteHangup` per ended leg, customer first. */
  remoteHangup(callId?: string): readonly PartnerCall[] {
    const calls = this.calls.remoteHangup(callId).map((l) => toCall(l, 'ended'));
    if (calls.length > 0) this.settle(calls.map((call): PartnerChange => ({ type: 'remoteHangup', call })));
    return calls;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** The one way the call state changes: checked by the machine, then committed and announced. */
  private transition(next: CallState): void {
    const previous = this.callStateValue;
    if (transitionCallState(previous, next) === previous) return;
    this.callStateValue = next;
    if (next === 'wrapup' || next === 'idle') this.calls.resetFlags();
    this.emit({ type: 'callStateChanged', state: next, previous });
  }

  /** Moves the call state to what the legs imply, announcing `events` around it (see the file comment), then commits. */
  private settle(events: readonly PartnerChange[]): void {
    const target = (): CallState => settledCallState(this.callStateValue, this.calls.legs.all());
    if (this.callStateValue === 'idle') {
      this.transition(target());
      events.forEach((e) => this.emit(e));
    } else {
      events.forEach((e) => this.emit(e));
      this.transition(target());
    }
    this.commit();
  }

  private settledCall(leg: LegRecord, state: PartnerCall['state'] = leg.state): PartnerCall {
    this.settle([]);
    return toCall(leg, state);
  }

  private settledCalls(legs: readonly LegRecord[], state?: PartnerCall['state']): readonly PartnerCall[] {
    this.settle([]);
    return legs.map((l) => toCall(l, state ?? l.state));
  }

  private changeStatus(status: PartnerStatus, origin: StatusOrigin, reason: string): boolean {
    const previous = this.statusValue;
    if (status === previous) return false;
    this.statusValue = status;
    this.log('status changed', { status, previous, origin });
    this.emit({ type: 'statusChanged', status, previous, origin, reason });
    return true;
  }

  /** Announces a change, stamped with the next `seq` and the time. */
  private emit(change: PartnerChange): void {
    this.eventSeq += 1;
    this.onEvent({ ...change, seq: this.eventSeq, at: this.now() });
  }

  private commit(): void {
    this.onEvent({ type: 'changed' });
  }

  private dueItems(): DueItem[] {
    const items: DueItem[] = [];
    for (const leg of this.calls.legs.all()) {
      if (leg.ringDeadline !== undefined) items.push({ at: leg.ringDeadline, order: -1, fire: () => this.missed(leg) });
    }
    for (const entry of this.schedule.all()) items.push({ at: entry.at, order: entry.seq, fire: () => this.fireScheduled(entry) });
    return items.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  private missed(leg: LegRecord): void {
    this.calls.legs.remove([leg]);
    this.log('call missed', { callId: leg.id });
    this.settle([{ type: 'callMissed', call: toCall(leg, 'ended') }]);
  }

  private fireScheduled(entry: ScheduledEntry): void {
    const firing = this.schedule.fire(entry, this.statusValue);
    if (firing.change) this.changeStatus(firing.change.status, 'partner', firing.change.reason);
    if (firing.skipped !== undefined) this.log('scheduled return skipped', { reason: firing.skipped });
    this.commit();
  }
}

function invalidStatus(status: unknown): PartnerError {
  return new PartnerError(`unknown partner status ${JSON.stringify(status) ?? String(status)}, expected ${PARTNER_STATUSES.join(', ')}`, 'INVALID_STATUS');
}
