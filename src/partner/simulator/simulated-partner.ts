/**
 * The embedded simulated partner telephony system: the {@link PartnerTelephony} the
 * reference connector runs against in `/partner/mode` `embedded`.
 *
 * @remarks
 * The seam on top of the simulator's shell (`./simulator-shell.ts`: one
 * {@link PartnerAgent}, the pure partner domain in `../core/` that keeps every rule of
 * status, calls and schedule, with a timer, storage and the base library's log). Events
 * already due when it is constructed (a reload after a long pause) fire in order on the
 * first timer tick (delay 0), so subscribers attached right after construction see them.
 * Every command returns a promise (a refusal rejects with the agent's `PartnerError`),
 * and events go to subscribers, a throwing one logged and skipped (`./simulator-hub.ts`).
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
import type { CallState } from '../../vocabulary/call-state';
import type { PartnerStatus, PartnerStatusInfo } from '../../vocabulary/partner-status';
import type { PartnerAgent } from '../core/agent';
import { filterContacts } from '../core/directory';
import type { ScheduledStatusChange } from '../core/schedule';
import { STATUS_CATALOGUE } from '../core/status-catalogue';
import type {
  ConnectionState,
  ConnectResult,
  ContactFilter,
  PartnerCall,
  PartnerCapabilities,
  PartnerContact,
  PartnerListener,
  PartnerTelephony,
} from '../partner-telephony';
import { type SimulatorHub, unavailable } from './simulator-hub';
import { SimulatorShell, type SimulatedPartnerOptions } from './simulator-shell';

export { SIMULATOR_LOG_EVENT, type SimulatedPartnerOptions, type SimulatorLog } from './simulator-shell';

/** The simulated partner telephony system. See the file comment for its behaviour. */
export class SimulatedPartner implements PartnerTelephony {
  private readonly clock: Clock;
  private readonly shell: SimulatorShell;
  private readonly hub: SimulatorHub;
  private readonly agent: PartnerAgent;
  /** No recordings are kept (Salesforce's player shows "recording unavailable"). */
  readonly capabilities: PartnerCapabilities = Object.freeze({ recordings: false });

  constructor(options: SimulatedPartnerOptions) {
    this.clock = options.clock;
    this.shell = new SimulatorShell(options);
    this.hub = this.shell.hub;
    this.agent = this.shell.agent;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  /** `connected` from construction (it runs in the page; there is nothing to reach) until {@link SimulatedPartner.dispose}. */
  get connectionState(): ConnectionState {
    return this.hub.state;
  }

  /** Resolves `connected` at once: the mirror is the simulator itself. */
  connect(): Promise<ConnectResult> {
    return this.hub.state === 'connected' ? Promise.resolve({ outcome: 'connected' }) : Promise.reject(unavailable());
  }

  /** The simulator needs no login: resolves like {@link SimulatedPartner.connect}. */
  login(): Promise<ConnectResult> {
    return this.connect();
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    return this.hub.onConnectionStateChange(listener);
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
    return this.hub.subscribe(listener);
  }

  /**
   * Called after every change of the simulator (after it is saved), for the control
   * channel's `STATE`; returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    return this.hub.onChange(listener);
  }

  /** Cancels the timer and drops every subscriber (`disconnected`; seam commands reject); the saved state stays. */
  dispose(): void {
    this.shell.dispose();
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
    return this.command(() => filterContacts(this.shell.contacts, typeof filter === 'object' && filter !== null ? filter : {}));
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

  /** Runs a seam command: at once, or rejected with `UNAVAILABLE` once disposed. */
  private command<T>(body: () => T): Promise<T> {
    return this.hub.command(body);
  }
}
