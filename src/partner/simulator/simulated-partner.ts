/**
 * A simulated partner telephony system: the {@link PartnerTelephony} the reference
 * connector runs against.
 *
 * @remarks
 * It behaves like a real partner backend seen through its agent API:
 *
 * - Agent status ({@link PartnerStatus}) and the agent-level call state
 *   ({@link CallState}) are kept apart. The call state only ever moves along
 *   {@link CALL_STATE_TRANSITIONS}, through one guarded transition; an impossible internal
 *   transition throws (a simulator bug, never a user error).
 * - Call legs: an inbound or outbound customer leg, third-party legs added to it, and a
 *   supervisor leg (which never changes the agent's call state). The agent's call state
 *   is what the legs imply: any leg connected → `connected`; else any held → `held`;
 *   else any ringing → `ringing`; no leg left → `wrapup` after a connected call,
 *   `idle` after one that only rang.
 * - Events are announced synchronously in the order things happen. When the agent leaves
 *   `idle`, `callStateChanged` comes first and the call event (`incomingCall`) after it;
 *   otherwise the call events (`remoteHangup`, `callMissed` …) come first and
 *   `callStateChanged` after them, so the status-sync guard is up before a call appears
 *   and lifts only after it is gone. Every command that changed something ends with one
 *   `stateChanged`.
 * - Time runs on the injected {@link Clock}: scheduled status changes and ring timeouts
 *   share one timer, armed for the earliest due event; with nothing due, no timer.
 * - Everything (status, calls, mute, recording, schedule with absolute times) is saved to
 *   the {@link KeyValueStore} on every change and read back, validated, by the
 *   constructor. Events already due when it is constructed (a reload after a long pause)
 *   fire in order on the first timer tick (delay 0), so subscribers attached right after
 *   construction see them.
 *
 * Control commands (what the `BroadcastChannel` remote control triggers) are methods too:
 * {@link SimulatedPartner.setPartnerStatus}, {@link SimulatedPartner.scheduleStatus},
 * {@link SimulatedPartner.incomingCall}, {@link SimulatedPartner.remoteAnswer},
 * {@link SimulatedPartner.remoteHangup}.
 *
 * @example
 * ```ts
 * const partner = new SimulatedPartner({ clock: realClock, store: openStorage(warn) });
 * partner.subscribe((event) => handle(event));
 * ```
 */
import type { Clock, TimerHandle } from '../../platform/clock';
import { isNumberIn, messageOf } from '../../platform/guards';
import type { KeyValueStore } from '../../platform/storage';
import { publishLog } from '../../salesforce/scv';
import { CALL_STATE_TRANSITIONS, type CallState } from '../call-state';
import { isPartnerStatus, isRoutable, PARTNER_STATUSES, type PartnerStatus } from '../partner-status';
import {
  PartnerError,
  type ContactFilter,
  type PartnerCall,
  type PartnerContact,
  type PartnerEvent,
  type PartnerListener,
  type PartnerTelephony,
  type StatusOrigin,
} from '../partner-telephony';
import { DEFAULT_CONTACTS, filterContacts } from './default-contacts';
import { impliedCallState, parseSnapshot, SNAPSHOT_VERSION, type LegRecord, type ScheduledEntry, type Snapshot } from './persistence';

/** Storage key of the simulator's state unless `storageKey` is given. */
export const DEFAULT_STORAGE_KEY = 'scv-partner-simulator:v1';

/** How long an inbound call rings before it is missed, unless `ringTimeoutMs` is given. */
export const DEFAULT_RING_TIMEOUT_MS = 30_000;

/** The (fictional) caller number of an `INCOMING_CALL` without `phoneNumber`. */
export const DEFAULT_CALLER_NUMBER = '+15555550123';

/** Longest accepted `startInMs` or `durationMs` of a scheduled status change: one day. */
export const MAX_SCHEDULE_MS = 86_400_000;

/** Log event type of every simulator log line. */
export const SIMULATOR_LOG_EVENT = 'PARTNER_SIMULATOR';

/** Where the simulator's log lines go; defaults to the base library's log. */
export type SimulatorLog = (eventType: string, payload: Record<string, unknown>, isError: boolean) => void;

/** Options of {@link SimulatedPartner}. */
export interface SimulatedPartnerOptions {
  /** Time and timers. */
  readonly clock: Clock;
  /** Where the state is saved and restored from. */
  readonly store: KeyValueStore;
  /** Key of the saved state; default {@link DEFAULT_STORAGE_KEY}. */
  readonly storageKey?: string;
  /** Ring time before an inbound call is missed; default {@link DEFAULT_RING_TIMEOUT_MS}. */
  readonly ringTimeoutMs?: number;
  /** The directory; default {@link DEFAULT_CONTACTS}. */
  readonly contacts?: readonly PartnerContact[];
  /** Makes call ids; default: time-and-counter based ids. */
  readonly idFactory?: () => string;
  /** Status when nothing (valid) is stored; default `OFFLINE` (logged out). */
  readonly initialStatus?: PartnerStatus;
  /** Log sink; default `publishLog` of the Salesforce wrapper. */
  readonly log?: SimulatorLog;
  /** Told about problems with the saved state (corrupt data, failed writes). */
  readonly onWarning?: (message: string) => void;
}

/** A scheduled status change, as {@link SimulatedPartner.getSchedule} reports it. */
export interface ScheduledStatusChange {
  /** Epoch ms when it happens. */
  readonly at: number;
  /** `start`: the status changes to `status`; `end`: it returns to `status` (if the break status still holds). */
  readonly kind: 'start' | 'end';
  readonly status: PartnerStatus;
}

interface ArmedTimer {
  handle: TimerHandle;
  readonly due: number;
}

type DueItem = { readonly at: number; readonly order: number; readonly fire: () => void };

/** The simulated partner telephony system. See the file comment for its behaviour. */
export class SimulatedPartner implements PartnerTelephony {
  private readonly clock: Clock;
  private readonly store: KeyValueStore;
  private readonly storageKey: string;
  private readonly ringTimeoutMs: number;
  private readonly contacts: readonly PartnerContact[];
  private readonly idFactory: () => string;
  private readonly logSink: SimulatorLog;
  private readonly onWarning: ((message: string) => void) | undefined;
  private readonly listeners: PartnerListener[] = [];

  private status: PartnerStatus;
  private callState: CallState = 'idle';
  private legs: LegRecord[] = [];
  private muted = false;
  private recordingPaused = false;
  private dtmfCount = 0;
  private schedule: ScheduledEntry[] = [];
  private nextSeq = 0;

  private timer: ArmedTimer | null = null;
  private firing = false;
  private disposed = false;
  private idCounter = 0;
  private saveFailed = false;

  constructor(options: SimulatedPartnerOptions) {
    this.clock = options.clock;
    this.store = options.store;
    this.storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
    this.ringTimeoutMs = isNumberIn(options.ringTimeoutMs, 0) && options.ringTimeoutMs > 0 ? options.ringTimeoutMs : DEFAULT_RING_TIMEOUT_MS;
    this.contacts = options.contacts ?? DEFAULT_CONTACTS;
    this.idFactory = options.idFactory ?? (() => this.defaultId());
    this.logSink = options.log ?? publishLog;
    this.onWarning = options.onWarning;
    this.status = options.initialStatus ?? 'OFFLINE';
    this.restore();
    this.rearm();
  }

  // ── queries ────────────────────────────────────────────────────────────────

  getStatus(): PartnerStatus {
    return this.status;
  }

  getCallState(): CallState {
    return this.callState;
  }

  getCalls(): readonly PartnerCall[] {
    return this.legs.map((leg) => toCall(leg));
  }

  isMuted(): boolean {
    return this.muted;
  }

  isRecordingPaused(): boolean {
    return this.recordingPaused;
  }

  /** How many DTMF digits the agent has sent (the digits themselves are never kept). */
  getDtmfCount(): number {
    return this.dtmfCount;
  }

  /** Whether the supervisor leg (if any) has barged in. */
  isSupervisorBargedIn(): boolean {
    return this.legs.some((l) => l.role === 'supervisor' && l.bargedIn === true);
  }

  /** Pending scheduled status changes, earliest first. */
  getSchedule(): readonly ScheduledStatusChange[] {
    return [...this.schedule]
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map((e) => Object.freeze({ at: e.at, kind: e.kind, status: e.status }));
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Cancels the timer and drops every subscriber; the saved state stays. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.listeners.length = 0;
  }

  // ── connector commands (PartnerTelephony) ──────────────────────────────────

  setStatus(status: PartnerStatus, reason: string): Promise<void> {
    return run(() => {
      if (!isPartnerStatus(status)) throw invalidStatus(status);
      if (this.changeStatus(status, 'connector', reason)) this.commit();
    });
  }

  endWrapUp(): Promise<void> {
    return run(() => {
      if (this.callState !== 'wrapup') return;
      this.transition('idle');
      this.commit();
    });
  }

  logout(): Promise<void> {
    return run(() => {
      this.legs = [];
      if (this.callState === 'connected' || this.callState === 'held') this.transition('wrapup');
      if (this.callState === 'ringing' || this.callState === 'wrapup') this.transition('idle');
      this.changeStatus('OFFLINE', 'connector', 'logout');
      this.commit();
    });
  }

  acceptCall(callId: string): Promise<PartnerCall> {
    return run(() => {
      const leg = this.ringingInbound(callId, 'accept');
      leg.state = 'connected';
      delete leg.ringDeadline;
      this.settle([]);
      return toCall(leg);
    });
  }

  declineCall(callId: string): Promise<PartnerCall> {
    return run(() => {
      const leg = this.ringingInbound(callId, 'decline');
      this.removeLegs([leg]);
      this.settle([]);
      return toCall(leg, 'ended');
    });
  }

  hangUp(callId?: string): Promise<readonly PartnerCall[]> {
    return run(() => {
      let ended: LegRecord[];
      if (callId === undefined) {
        ended = this.legs.filter((l) => l.role !== 'supervisor');
        if (ended.length === 0) throw new PartnerError(`state ${this.callState}, expected a live call to hang up`, 'INVALID_STATE');
      } else {
        ended = this.withDependents(this.findLeg(callId));
      }
      this.removeLegs(ended);
      this.settle([]);
      return ended.map((l) => toCall(l, 'ended'));
    });
  }

  dial(phoneNumber: string): Promise<PartnerCall> {
    return run(() => {
      checkDestination(phoneNumber);
      if (this.callState !== 'idle') throw new PartnerError(`state ${this.callState}, expected idle to dial`, 'INVALID_STATE');
      const leg = this.newLeg('customer', 'outbound', phoneNumber.trim());
      this.legs.push(leg);
      this.log('outbound call dialled', { callId: leg.id });
      this.settle([]);
      return toCall(leg);
    });
  }

  sendDigits(digits: string): Promise<void> {
    return run(() => {
      if (this.callState !== 'connected') throw new PartnerError(`state ${this.callState}, expected connected to send digits`, 'INVALID_STATE');
      if (typeof digits !== 'string' || !/^[0-9A-Da-d*#,wWpP]{1,64}$/.test(digits)) {
        throw new PartnerError('digits must be 1-64 of 0-9A-D*#,wWpP', 'INVALID_ARGUMENT');
      }
      this.dtmfCount += digits.length;
      this.log('DTMF sent', { count: digits.length });
      this.commit();
    });
  }

  hold(callId: string): Promise<PartnerCall> {
    return run(() => {
      const leg = this.agentLeg(callId);
      if (leg.state !== 'connected') throw new PartnerError(`call ${callId} is ${leg.state}, expected connected to hold`, 'INVALID_STATE');
      leg.state = 'held';
      this.settle([]);
      return toCall(leg);
    });
  }

  resume(callId: string): Promise<PartnerCall> {
    return run(() => {
      const leg = this.agentLeg(callId);
      if (leg.state !== 'held') throw new PartnerError(`call ${callId} is ${leg.state}, expected held to resume`, 'INVALID_STATE');
      leg.state = 'connected';
      this.settle([]);
      return toCall(leg);
    });
  }

  mute(): Promise<void> {
    return run(() => {
      if (this.callState !== 'connected' && this.callState !== 'held') {
        throw new PartnerError(`state ${this.callState}, expected connected or held to mute`, 'INVALID_STATE');
      }
      if (this.muted) return;
      this.muted = true;
      this.commit();
    });
  }

  unmute(): Promise<void> {
    return run(() => {
      if (!this.muted) return;
      this.muted = false;
      this.commit();
    });
  }

  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): Promise<PartnerCall> {
    return run(() => {
      checkDestination(phoneNumber);
      const parent = this.findLeg(parentCallId);
      if (parent.role !== 'customer' || parent.state === 'ringing') {
        throw new PartnerError(`call ${parentCallId} is ${parent.state} ${parent.role}, expected an answered customer call`, 'INVALID_STATE');
      }
      if (this.legs.some((l) => l.role === 'thirdParty' && l.state === 'ringing')) {
        throw new PartnerError('a participant is ringing, expected none', 'INVALID_STATE');
      }
      const leg = this.newLeg('thirdParty', 'participant', phoneNumber.trim());
      leg.parentId = parent.id;
      if (blindTransfer) {
        // The customer is handed to the third party: nothing of it stays with the agent.
        this.removeLegs(this.withDependents(parent));
        this.log('call transferred', { callId: parent.id, participantId: leg.id });
        this.settle([]);
        return toCall(leg, 'ended');
      }
      parent.state = 'held';
      this.legs.push(leg);
      this.log('participant added', { callId: parent.id, participantId: leg.id });
      this.settle([]);
      return toCall(leg);
    });
  }

  conference(): Promise<readonly PartnerCall[]> {
    return run(() => {
      const joined = this.legs.filter((l) => l.role !== 'supervisor' && l.state !== 'ringing');
      if (joined.length < 2 || !joined.some((l) => l.role === 'customer')) {
        throw new PartnerError(`state ${this.callState}, expected an answered customer call and participant`, 'INVALID_STATE');
      }
      for (const leg of joined) leg.state = 'connected';
      this.settle([]);
      return joined.map((l) => toCall(l));
    });
  }

  swap(holdCallId: string, resumeCallId: string): Promise<readonly PartnerCall[]> {
    return run(() => {
      if (holdCallId === resumeCallId) throw new PartnerError('swap needs two calls', 'INVALID_ARGUMENT');
      const toHold = this.agentLeg(holdCallId);
      const toResume = this.agentLeg(resumeCallId);
      for (const leg of [toHold, toResume]) {
        if (leg.state === 'ringing') throw new PartnerError(`call ${leg.id} is ringing, expected answered to swap`, 'INVALID_STATE');
      }
      toHold.state = 'held';
      toResume.state = 'connected';
      this.settle([]);
      return [toCall(toHold), toCall(toResume)];
    });
  }

  pauseRecording(): Promise<void> {
    return run(() => this.setRecordingPaused(true));
  }

  resumeRecording(): Promise<void> {
    return run(() => this.setRecordingPaused(false));
  }

  searchContacts(filter: ContactFilter): Promise<readonly PartnerContact[]> {
    return run(() => filterContacts(this.contacts, typeof filter === 'object' && filter !== null ? filter : {}));
  }

  superviseCall(callId: string): Promise<PartnerCall> {
    return run(() => {
      if (typeof callId !== 'string' || callId === '') throw new PartnerError('callId must be a non-empty string', 'INVALID_ARGUMENT');
      const current = this.legs.find((l) => l.role === 'supervisor');
      if (current) {
        throw new PartnerError(`already supervising ${current.parentId ?? ''}, expected none`, 'INVALID_STATE');
      }
      const leg = this.newLeg('supervisor', 'outbound', '');
      leg.state = 'connected';
      leg.parentId = callId;
      this.legs.push(leg);
      this.log('supervising call', { callId, supervisorCallId: leg.id });
      this.commit();
      return toCall(leg);
    });
  }

  bargeIn(callId: string): Promise<PartnerCall> {
    return run(() => {
      const leg = this.legs.find((l) => l.role === 'supervisor' && (l.id === callId || l.parentId === callId));
      if (!leg) throw new PartnerError(`not supervising ${String(callId)}`, 'NO_SUCH_CALL');
      if (leg.bargedIn !== true) {
        leg.bargedIn = true;
        this.commit();
      }
      return toCall(leg);
    });
  }

  supervisorDisconnect(): Promise<readonly PartnerCall[]> {
    return run(() => {
      const ended = this.legs.filter((l) => l.role === 'supervisor');
      if (ended.length > 0) {
        this.removeLegs(ended);
        this.commit();
      }
      return ended.map((l) => toCall(l, 'ended'));
    });
  }

  // ── control commands (the remote control's side) ─────────────────────────

  /**
   * The partner system changes the agent's status now (a supervisor, WFM).
   *
   * @remarks Announced with `origin: 'partner'`. Returns whether the status changed.
   * @throws PartnerError `INVALID_STATUS` for an unknown status code.
   */
  setPartnerStatus(status: PartnerStatus, reason = 'set by the partner system'): boolean {
    if (!isPartnerStatus(status)) throw invalidStatus(status);
    const changed = this.changeStatus(status, 'partner', reason);
    if (changed) this.commit();
    return changed;
  }

  /**
   * Schedules a partner-side status change `startInMs` from now; with `durationMs`, the
   * status held before the change returns after that long.
   *
   * @remarks
   * The return happens only if the scheduled status still holds then (a status set
   * during the break overrides it). Times are stored absolute, so a reload keeps them.
   * @throws PartnerError `INVALID_STATUS` or `INVALID_ARGUMENT` (times outside
   * 0…{@link MAX_SCHEDULE_MS}, or a `durationMs` of 0).
   */
  scheduleStatus(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange {
    if (!isPartnerStatus(status)) throw invalidStatus(status);
    if (!isDelay(startInMs, 0)) throw new PartnerError(`startInMs must be a number from 0 to ${MAX_SCHEDULE_MS}`, 'INVALID_ARGUMENT');
    if (durationMs !== undefined && !isDelay(durationMs, 1)) {
      throw new PartnerError(`durationMs must be a number from 1 to ${MAX_SCHEDULE_MS}`, 'INVALID_ARGUMENT');
    }
    const at = this.clock.now() + startInMs;
    const entry: ScheduledEntry =
      durationMs === undefined ? { seq: this.nextSeq++, at, kind: 'start', status } : { seq: this.nextSeq++, at, kind: 'start', status, durationMs };
    this.schedule.push(entry);
    this.log('status change scheduled', { status, startInMs, durationMs: durationMs ?? null });
    this.commit();
    return Object.freeze({ at, kind: 'start', status });
  }

  /**
   * A customer call arrives for the agent.
   *
   * @remarks
   * It rings only if the status is routable and the agent is idle; otherwise the partner
   * refuses it: `callRefused` is announced, the reason logged, nothing rings, and `null`
   * is returned. A ringing call not answered within the ring timeout is missed.
   */
  incomingCall(phoneNumber: string = DEFAULT_CALLER_NUMBER): PartnerCall | null {
    let reason: string | null = null;
    if (!isRoutable(this.status)) reason = `status ${this.status} is not routable`;
    else if (this.callState !== 'idle') reason = `agent is ${this.callState}, expected idle`;
    if (reason !== null) {
      this.log('incoming call refused', { reason });
      this.emit({ type: 'callRefused', reason });
      return null;
    }
    const leg = this.newLeg('customer', 'inbound', phoneNumber);
    leg.ringDeadline = leg.createdAt + this.ringTimeoutMs;
    this.legs.push(leg);
    this.log('incoming call ringing', { callId: leg.id });
    this.settle([{ type: 'incomingCall', call: toCall(leg) }]);
    return toCall(leg);
  }

  /**
   * The far end answers a call the agent dialled or a participant the agent added.
   *
   * @remarks
   * Without `callId`: the most recently created such leg still ringing. With nothing to
   * answer (or an id that is not such a leg) it is ignored and logged; returns `null`.
   */
  remoteAnswer(callId?: string): PartnerCall | null {
    const answerable = this.legs.filter((l) => l.state === 'ringing' && (l.direction === 'outbound' || l.direction === 'participant'));
    const leg = callId === undefined ? answerable[answerable.length - 1] : answerable.find((l) => l.id === callId);
    if (!leg) {
      this.log('remote answer ignored', { reason: callId === undefined ? 'nothing ringing to answer' : `${callId} is not ringing to answer` });
      return null;
    }
    leg.state = 'connected';
    this.settle([{ type: 'remoteAnswered', call: toCall(leg) }]);
    return toCall(leg);
  }

  /**
   * The far end hangs up `callId` (without it: the customer).
   *
   * @remarks
   * A third-party or supervisor leg ending leaves the customer call as it is. The
   * customer ending ends its third-party legs too; the agent goes to wrap-up if the call
   * was answered, to idle if it only rang. One `remoteHangup` per ended leg, customer
   * first. Nothing to hang up: ignored and logged; returns the ended legs (maybe none).
   */
  remoteHangup(callId?: string): readonly PartnerCall[] {
    const leg = callId === undefined ? this.legs.find((l) => l.role === 'customer') : this.legs.find((l) => l.id === callId);
    if (!leg) {
      this.log('remote hangup ignored', { reason: callId === undefined ? 'no customer call' : `no call ${callId}` });
      return [];
    }
    const ended = this.withDependents(leg);
    this.removeLegs(ended);
    const calls = ended.map((l) => toCall(l, 'ended'));
    this.log('remote hangup', { callIds: calls.map((c) => c.id) });
    this.settle(calls.map((call): PartnerEvent => ({ type: 'remoteHangup', call })));
    return calls;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** The one way the agent-level call state changes: checked against the table, then committed and announced. */
  private transition(next: CallState): void {
    const previous = this.callState;
    if (next === previous) return;
    if (!CALL_STATE_TRANSITIONS[previous].includes(next)) {
      throw new Error(`impossible call-state transition ${previous} -> ${next}`);
    }
    this.callState = next;
    if (next === 'wrapup' || next === 'idle') {
      this.muted = false;
      this.recordingPaused = false;
    }
    this.emit({ type: 'callStateChanged', state: next, previous });
  }

  /** Moves the call state to what the legs imply, announcing `events` around it (see the file comment), then commits. */
  private settle(events: readonly PartnerEvent[]): void {
    if (this.callState === 'idle') {
      this.transition(this.targetCallState());
      events.forEach((e) => this.emit(e));
    } else {
      events.forEach((e) => this.emit(e));
      this.transition(this.targetCallState());
    }
    this.commit();
  }

  private targetCallState(): CallState {
    const implied = impliedCallState(this.legs);
    if (implied !== null) return implied;
    if (this.callState === 'connected' || this.callState === 'held') return 'wrapup';
    if (this.callState === 'ringing') return 'idle';
    return this.callState;
  }

  private changeStatus(status: PartnerStatus, origin: StatusOrigin, reason: string): boolean {
    const previous = this.status;
    if (status === previous) return false;
    this.status = status;
    this.log('status changed', { status, previous, origin });
    this.emit({ type: 'statusChanged', status, previous, origin, reason });
    return true;
  }

  private setRecordingPaused(paused: boolean): void {
    if (!this.legs.some((l) => l.role === 'customer' && l.state !== 'ringing')) {
      throw new PartnerError(`state ${this.callState}, expected an answered customer call`, 'INVALID_STATE');
    }
    if (this.recordingPaused === paused) return;
    this.recordingPaused = paused;
    this.commit();
  }

  private commit(): void {
    this.save();
    this.rearm();
    this.emit({ type: 'stateChanged' });
  }

  private emit(event: PartnerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.log('listener threw', { event: event.type, error: messageOf(e) }, true);
      }
    }
  }

  private newLeg(role: LegRecord['role'], direction: LegRecord['direction'], phoneNumber: string): LegRecord {
    return { id: this.idFactory(), role, direction, phoneNumber, state: 'ringing', createdAt: this.clock.now() };
  }

  private defaultId(): string {
    this.idCounter += 1;
    return `sim-${this.clock.now().toString(36)}-${this.idCounter}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  }

  private findLeg(callId: string): LegRecord {
    const leg = this.legs.find((l) => l.id === callId);
    if (!leg) throw new PartnerError(`no call ${String(callId)}, expected a live call id`, 'NO_SUCH_CALL');
    return leg;
  }

  private agentLeg(callId: string): LegRecord {
    const leg = this.findLeg(callId);
    if (leg.role === 'supervisor') throw new PartnerError(`call ${callId} is supervisor, expected customer or participant`, 'INVALID_STATE');
    return leg;
  }

  private ringingInbound(callId: string, action: string): LegRecord {
    const leg = this.findLeg(callId);
    if (leg.direction !== 'inbound' || leg.role !== 'customer' || leg.state !== 'ringing') {
      throw new PartnerError(`call ${callId} is ${leg.state} ${leg.direction}, expected ringing inbound to ${action}`, 'INVALID_STATE');
    }
    return leg;
  }

  /** The leg and, for a customer leg, the third-party legs added to it. */
  private withDependents(leg: LegRecord): LegRecord[] {
    if (leg.role !== 'customer') return [leg];
    return [leg, ...this.legs.filter((l) => l.role === 'thirdParty' && l.parentId === leg.id)];
  }

  private removeLegs(ended: readonly LegRecord[]): void {
    this.legs = this.legs.filter((l) => !ended.includes(l));
  }

  // ── time ───────────────────────────────────────────────────────────────────

  private dueItems(): DueItem[] {
    const items: DueItem[] = [];
    for (const leg of this.legs) {
      if (leg.ringDeadline !== undefined) items.push({ at: leg.ringDeadline, order: -1, fire: () => this.missed(leg) });
    }
    for (const entry of this.schedule) items.push({ at: entry.at, order: entry.seq, fire: () => this.fireScheduled(entry) });
    return items.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  /** Keeps exactly one timer armed, for the earliest due event, or none. */
  private rearm(): void {
    if (this.firing || this.disposed) return;
    const due = this.dueItems()[0]?.at ?? null;
    if (this.timer && this.timer.due === due) return;
    this.clearTimer();
    if (due === null) return;
    const timer: ArmedTimer = { handle: 0, due };
    timer.handle = this.clock.setTimeout(() => {
      if (this.timer !== timer) return;
      this.timer = null;
      this.fireDue();
    }, Math.max(0, due - this.clock.now()));
    this.timer = timer;
  }

  private clearTimer(): void {
    if (!this.timer) return;
    this.clock.clearTimeout(this.timer.handle);
    this.timer = null;
  }

  private fireDue(): void {
    this.firing = true;
    try {
      for (;;) {
        const next = this.dueItems()[0];
        if (!next || next.at > this.clock.now()) break;
        next.fire();
      }
    } finally {
      this.firing = false;
    }
    this.rearm();
  }

  private missed(leg: LegRecord): void {
    this.removeLegs([leg]);
    this.log('call missed', { callId: leg.id });
    this.settle([{ type: 'callMissed', call: toCall(leg, 'ended') }]);
  }

  private fireScheduled(entry: ScheduledEntry): void {
    this.schedule = this.schedule.filter((e) => e !== entry);
    if (entry.kind === 'start') {
      if (entry.durationMs !== undefined) {
        this.schedule.push({ seq: this.nextSeq++, at: entry.at + entry.durationMs, kind: 'end', status: this.status, breakStatus: entry.status });
      }
      this.changeStatus(entry.status, 'partner', `scheduled ${entry.status} started`);
    } else if (this.status === entry.breakStatus) {
      this.changeStatus(entry.status, 'partner', `scheduled ${entry.breakStatus} ended`);
    } else {
      this.log('scheduled return skipped', { reason: `status ${this.status}, no longer ${entry.breakStatus}` });
    }
    this.commit();
  }

  // ── persistence ────────────────────────────────────────────────────────────

  private restore(): void {
    let text: string | null;
    try {
      text = this.store.get(this.storageKey);
    } catch (e) {
      this.warn(`state unreadable (${messageOf(e)}); starting fresh`);
      return;
    }
    if (text === null) return;
    const snapshot = parseSnapshot(text);
    if (typeof snapshot === 'string') {
      this.warn(`saved simulator state discarded: ${snapshot}; starting fresh`);
      this.save();
      return;
    }
    this.status = snapshot.status;
    this.callState = snapshot.callState;
    this.muted = snapshot.muted;
    this.recordingPaused = snapshot.recordingPaused;
    this.dtmfCount = snapshot.dtmfCount;
    this.legs = snapshot.calls;
    this.schedule = snapshot.schedule;
    this.nextSeq = snapshot.nextSeq;
    this.log('state restored', { status: this.status, callState: this.callState, calls: this.legs.length, scheduled: this.schedule.length });
  }

  private save(): void {
    const snapshot: Snapshot = {
      version: SNAPSHOT_VERSION,
      status: this.status,
      callState: this.callState,
      muted: this.muted,
      recordingPaused: this.recordingPaused,
      dtmfCount: this.dtmfCount,
      calls: this.legs,
      schedule: this.schedule,
      nextSeq: this.nextSeq,
    };
    try {
      this.store.set(this.storageKey, JSON.stringify(snapshot));
    } catch (e) {
      // The KeyValueStore contract says set never throws; a store that does is reported once.
      if (!this.saveFailed) this.warn(`state not saved (${messageOf(e)}); running from memory`);
      this.saveFailed = true;
    }
  }

  private warn(message: string): void {
    this.log('storage problem', { reason: message }, true);
    this.onWarning?.(message);
  }

  private log(message: string, details: Record<string, unknown>, isError = false): void {
    try {
      this.logSink(SIMULATOR_LOG_EVENT, { ...details, message }, isError);
    } catch {
      // Logging must never break the simulator.
    }
  }
}

/** A frozen public view of a leg. */
function toCall(leg: LegRecord, state: PartnerCall['state'] = leg.state): PartnerCall {
  const call: PartnerCall = {
    id: leg.id,
    role: leg.role,
    direction: leg.direction,
    phoneNumber: leg.phoneNumber,
    state,
    createdAt: leg.createdAt,
    ...(leg.parentId !== undefined ? { parentId: leg.parentId } : {}),
  };
  return Object.freeze(call);
}

/** Runs a command body synchronously; a throw becomes the rejection. */
function run<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function invalidStatus(status: unknown): PartnerError {
  return new PartnerError(`unknown partner status ${JSON.stringify(status) ?? String(status)}, expected ${PARTNER_STATUSES.join(', ')}`, 'INVALID_STATUS');
}

function checkDestination(phoneNumber: string): void {
  if (typeof phoneNumber !== 'string' || phoneNumber.trim() === '' || phoneNumber.length > 100) {
    throw new PartnerError('destination must be 1-100 characters', 'INVALID_DESTINATION');
  }
}

function isDelay(value: unknown, min: number): value is number {
  return isNumberIn(value, min, MAX_SCHEDULE_MS);
}
