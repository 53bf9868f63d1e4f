/**
 * The embedded simulated partner telephony system: the {@link PartnerTelephony} the
 * reference connector runs against in `/partner/mode` `embedded`.
 *
 * @remarks
 * A browser shell around one {@link PartnerAgent} (the pure partner domain in
 * `../core/`, which keeps every rule of status, calls and schedule):
 *
 * - time: one timer on the injected {@link Clock} for the agent's earliest due event
 *   ({@link DueTimer}); events already due when it is constructed (a reload after a long
 *   pause) fire in order on the first timer tick (delay 0), so subscribers attached right
 *   after construction see them;
 * - persistence: the agent's snapshot is saved to the {@link KeyValueStore} on every
 *   change and read back, validated, by the constructor ({@link SnapshotStore});
 * - logging: the agent's log lines go to the base library's log (`publishLog`);
 * - the seam: every command returns a promise (a refusal rejects with the agent's
 *   {@link PartnerError}), and events go to subscribers, a throwing one logged and skipped.
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
import type { Clock } from '../../platform/clock';
import type { KeyValueStore } from '../../platform/storage';
import { publishLog } from '../../salesforce/scv';
import type { CallState } from '../../vocabulary/call-state';
import { isNumberIn, messageOf } from '../../vocabulary/guards';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import { PartnerAgent, type AgentNotice } from '../core/agent';
import { DEFAULT_CONTACTS, filterContacts } from '../core/directory';
import type { ScheduledStatusChange } from '../core/schedule';
import { STATUS_CATALOGUE } from '../core/status-catalogue';
import {
  PartnerError,
  type ConnectionState,
  type ConnectResult,
  type ContactFilter,
  type PartnerCall,
  type PartnerCapabilities,
  type PartnerContact,
  type PartnerListener,
  type PartnerTelephony,
} from '../partner-telephony';
import type { PartnerStatusInfo } from '../../vocabulary/partner-status';
import { DueTimer } from './due-timer';
import { DEFAULT_STORAGE_KEY, SnapshotStore } from './persistence';

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
  /** Ring time before an inbound call is missed; default the core's `DEFAULT_RING_TIMEOUT_MS`. */
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

/** The simulated partner telephony system. See the file comment for its behaviour. */
export class SimulatedPartner implements PartnerTelephony {
  private readonly clock: Clock;
  private readonly contacts: readonly PartnerContact[];
  private readonly logSink: SimulatorLog;
  private readonly onWarning: ((message: string) => void) | undefined;
  private readonly listeners: PartnerListener[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'connected';
  /** No recordings are kept (Salesforce's player shows "recording unavailable"). */
  readonly capabilities: PartnerCapabilities = Object.freeze({ recordings: false });
  private readonly saved: SnapshotStore;
  private readonly agent: PartnerAgent;
  private readonly timer: DueTimer;
  private idCounter = 0;

  constructor(options: SimulatedPartnerOptions) {
    this.clock = options.clock;
    this.contacts = options.contacts ?? DEFAULT_CONTACTS;
    this.logSink = options.log ?? publishLog;
    this.onWarning = options.onWarning;
    this.saved = new SnapshotStore(options.store, options.storageKey ?? DEFAULT_STORAGE_KEY, (message) => this.warn(message));
    const { snapshot, discarded } = this.saved.load();
    this.agent = new PartnerAgent({
      now: () => this.clock.now(),
      newCallId: options.idFactory ?? (() => this.defaultId()),
      ...(isNumberIn(options.ringTimeoutMs, 0) ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
      initialStatus: options.initialStatus ?? 'OFFLINE',
      ...(snapshot ? { snapshot } : {}),
      onEvent: (event) => this.onAgentEvent(event),
      log: (message, details, isError = false) => this.log(message, details, isError),
    });
    this.timer = new DueTimer(this.clock, () => this.agent.nextDueAt(), () => this.agent.fireDue());
    if (discarded) this.saved.save(this.agent.snapshot());
    if (snapshot) {
      this.log('state restored', { status: snapshot.status, callState: snapshot.callState, calls: snapshot.calls.length, scheduled: snapshot.schedule.length });
    }
    this.timer.rearm();
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  /** `connected` from construction (it runs in the page; there is nothing to reach) until {@link SimulatedPartner.dispose}. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Resolves `connected` at once: the mirror is the simulator itself. */
  connect(): Promise<ConnectResult> {
    return this.state === 'connected' ? Promise.resolve({ outcome: 'connected' }) : Promise.reject(unavailable());
  }

  /** The simulator needs no login: resolves like {@link SimulatedPartner.connect}. */
  login(): Promise<ConnectResult> {
    return this.connect();
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  getStatusCatalogue(): readonly PartnerStatusInfo[] {
    return STATUS_CATALOGUE;
  }

  partnerNow(): number {
    return this.clock.now();
  }

  // ── queries ────────────────────────────────────────────────────────────────

  getStatus(): PartnerStatus {
    return this.agent.status;
  }

  getCallState(): CallState {
    return this.agent.callState;
  }

  getCalls(): readonly PartnerCall[] {
    return this.agent.getCalls();
  }

  isMuted(): boolean {
    return this.agent.muted;
  }

  isRecordingPaused(): boolean {
    return this.agent.recordingPaused;
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Called after every change of the simulator (after it is saved), for the control
   * channel's `STATE`; returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Cancels the timer and drops every subscriber (`disconnected`; seam commands reject); the saved state stays. */
  dispose(): void {
    if (this.state === 'disconnected') return;
    this.timer.stop();
    this.listeners.length = 0;
    this.changeListeners.clear();
    this.state = 'disconnected';
    for (const listener of [...this.stateListeners]) listener('disconnected');
    this.stateListeners.clear();
  }

  // ── connector commands (PartnerTelephony) ──────────────────────────────────

  setStatus(status: PartnerStatus, reason: string): Promise<void> {
    return this.command(() => void this.agent.setStatus(status, 'connector', reason));
  }

  endWrapUp(): Promise<void> {
    return this.command(() => this.agent.endWrapUp());
  }

  logout(): Promise<void> {
    return this.command(() => this.agent.logout());
  }

  acceptCall(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.acceptCall(callId));
  }

  declineCall(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.declineCall(callId));
  }

  hangUp(callId?: string): Promise<readonly PartnerCall[]> {
    return this.command(() => this.agent.hangUp(callId));
  }

  dial(phoneNumber: string): Promise<PartnerCall> {
    return this.command(() => this.agent.dial(phoneNumber));
  }

  sendDigits(digits: string): Promise<void> {
    return this.command(() => this.agent.sendDigits(digits));
  }

  hold(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.hold(callId));
  }

  resume(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.resume(callId));
  }

  mute(): Promise<void> {
    return this.command(() => this.agent.setMuted(true));
  }

  unmute(): Promise<void> {
    return this.command(() => this.agent.setMuted(false));
  }

  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): Promise<PartnerCall> {
    return this.command(() => this.agent.addParticipant(phoneNumber, parentCallId, blindTransfer));
  }

  conference(): Promise<readonly PartnerCall[]> {
    return this.command(() => this.agent.conference());
  }

  swap(holdCallId: string, resumeCallId: string): Promise<readonly PartnerCall[]> {
    return this.command(() => this.agent.swap(holdCallId, resumeCallId));
  }

  pauseRecording(): Promise<void> {
    return this.command(() => this.agent.setRecordingPaused(true));
  }

  resumeRecording(): Promise<void> {
    return this.command(() => this.agent.setRecordingPaused(false));
  }

  searchContacts(filter: ContactFilter): Promise<readonly PartnerContact[]> {
    return this.command(() => filterContacts(this.contacts, typeof filter === 'object' && filter !== null ? filter : {}));
  }

  superviseCall(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.superviseCall(callId));
  }

  bargeIn(callId: string): Promise<PartnerCall> {
    return this.command(() => this.agent.bargeIn(callId));
  }

  supervisorDisconnect(): Promise<readonly PartnerCall[]> {
    return this.command(() => this.agent.supervisorDisconnect());
  }

  // ── control commands (the remote control's side) ─────────────────────────

  /**
   * The partner system changes the agent's status now (a supervisor, WFM).
   *
   * @remarks Announced with `origin: 'partner'`. Returns whether the status changed.
   * @throws PartnerError `INVALID_STATUS` for an unknown status code.
   */
  setPartnerStatus(status: PartnerStatus, reason = 'set by the partner system'): boolean {
    return this.agent.setStatus(status, 'partner', reason);
  }

  /**
   * Schedules a partner-side status change `startInMs` from now; with `durationMs`, the
   * status held before the change returns after that long (see `../core/schedule.ts`).
   *
   * @throws PartnerError `INVALID_STATUS` or `INVALID_ARGUMENT` (times outside
   * 0…`MAX_SCHEDULE_MS`, or a `durationMs` of 0).
   */
  scheduleStatus(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange {
    return this.agent.scheduleStatus(status, startInMs, durationMs);
  }

  /** A customer call arrives (see {@link PartnerAgent.incomingCall}); `null` when the partner refuses it. */
  incomingCall(phoneNumber?: string): PartnerCall | null {
    return this.agent.incomingCall(phoneNumber);
  }

  /** The far end answers (see {@link PartnerAgent.remoteAnswer}); `null` when nothing is answerable. */
  remoteAnswer(callId?: string): PartnerCall | null {
    return this.agent.remoteAnswer(callId);
  }

  /** The far end hangs up (see {@link PartnerAgent.remoteHangup}); returns the ended legs (maybe none). */
  remoteHangup(callId?: string): readonly PartnerCall[] {
    return this.agent.remoteHangup(callId);
  }

  // ── shell ──────────────────────────────────────────────────────────────────

  /** Every agent change is saved and the timer re-armed, then change listeners hear of it. */
  private onAgentEvent(event: AgentNotice): void {
    if (event.type === 'changed') {
      this.saved.save(this.agent.snapshot());
      this.timer.rearm();
      for (const listener of [...this.changeListeners]) this.guarded('change', listener);
      return;
    }
    for (const listener of [...this.listeners]) this.guarded(event.type, () => listener(event));
  }

  /** Runs a seam command: at once, or rejected with `UNAVAILABLE` once disposed. */
  private command<T>(body: () => T): Promise<T> {
    return this.state === 'connected' ? run(body) : Promise.reject(unavailable());
  }

  private guarded(what: string, listener: () => void): void {
    try {
      listener();
    } catch (e) {
      this.log('listener threw', { event: what, error: messageOf(e) }, true);
    }
  }

  private defaultId(): string {
    this.idCounter += 1;
    return `sim-${this.clock.now().toString(36)}-${this.idCounter}-${Math.floor(Math.random() * 1e9).toString(36)}`;
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

function unavailable(): PartnerError {
  return new PartnerError('state disconnected (disposed), expected connected', 'UNAVAILABLE');
}

/** Runs a command body synchronously; a throw becomes the rejection. */
function run<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
