/**
 * After-call work: announcing `AFTER_CALL_WORK_STARTED` when the partner enters wrap-up,
 * or ending wrap-up at once when the call center allows none.
 *
 * @remarks
 * The announcement waits one task (`clock.setTimeout(…, 0)`) because on `END_CALL` and
 * blind transfer the library sends the `HANGUP` itself, after the command resolves;
 * Salesforce must see the hang-up first. A remote partner's answer comes in a later
 * message than the wrap-up event, so while such a command is in flight the task waits
 * for it to settle ({@link AfterCallWork.duringHangUp}). It is skipped if wrap-up already ended.
 */
import type { Clock, TimerHandle } from '../platform/clock';
import type { PartnerCall, PartnerTelephony } from '../partner/partner-telephony';
import type { CallState } from '../vocabulary/call-state';
import { publishLog } from '../salesforce/scv';
import { ConnectorLog, publish } from './connector-log';

/** What {@link AfterCallWork} needs. */
export interface AfterCallWorkOptions {
  readonly clock: Clock;
  readonly partner: PartnerTelephony;
  /** Ends wrap-up (Salesforce never sends `WRAP_UP_CALL` without after-call work). */
  readonly endWrapUp: () => void;
}

/** The after-call-work timer and the customer call it is about. */
export class AfterCallWork {
  /** `isACWAllowed` of the call center (after-call work on unless it says `false`). */
  private allowed = true;
  private lastCustomerCallId: string | null = null;
  private timer: TimerHandle | null = null;
  /** The `END_CALL` or blind transfer in flight, settled either way; null when none. */
  private command: Promise<void> | null = null;
  /** Bumped by every schedule and cancel, so a wait on a settled command that is no longer current does nothing. */
  private generation = 0;

  constructor(private readonly options: AfterCallWorkOptions) {}

  /** Reads `isACWAllowed` from `callCenterConfig`. */
  configure(config: Readonly<Record<string, unknown>>): void {
    const acw = config.isACWAllowed;
    this.allowed = acw !== false && acw !== 'false';
  }

  /** Remembers the latest customer leg: its id is what `AFTER_CALL_WORK_STARTED` names. */
  noteCall(leg: PartnerCall): void {
    if (leg.role === 'customer') this.lastCustomerCallId = leg.id;
  }

  /** The partner's call state moved. */
  callStateChanged(state: CallState, previous: CallState): void {
    if (state === 'wrapup') this.schedule();
    else if (previous === 'wrapup') this.cancel();
  }

  /**
   * The page was reloaded during wrap-up: `CONNECTOR_READY` rightly lists no active call,
   * so Salesforce never sends `WRAP_UP_CALL` for it, and the call's id left with the old
   * page, so the after-call work cannot be announced again. Left alone, the agent would
   * stay in wrap-up (no call rings, no partner change publishes): end it, one task after
   * `CONNECTOR_READY` (CONTRACT §7.4).
   */
  endOrphaned(): void {
    this.options.clock.setTimeout(() => {
      if (this.options.partner.getCallState() !== 'wrapup') return;
      publishLog(ConnectorLog.PARTNER_EVENT, { event: 'wrapUpEnded', reason: 'reloaded during wrap-up; Salesforce has no call left to end it' });
      this.options.endWrapUp();
    }, 0);
  }

  /** Runs a command after which the library sends `HANGUP`: an announcement meanwhile waits for it to settle. */
  duringHangUp<T>(run: () => Promise<T>): Promise<T> {
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.command = settled;
    const result = run();
    void result.then(settle, settle).then(() => {
      if (this.command === settled) this.command = null;
    });
    return result;
  }

  /** Drops a pending announcement (wrap-up ended, or the page goes). */
  cancel(): void {
    this.generation++;
    if (this.timer === null) return;
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.cancel();
    const callId = this.lastCustomerCallId;
    if (callId === null) return;
    const generation = this.generation;
    if (this.command === null) this.arm(callId);
    else void this.command.then(() => {
      if (generation === this.generation) this.arm(callId);
    });
  }

  private arm(callId: string): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      if (this.options.partner.getCallState() !== 'wrapup') return;
      if (this.allowed) publish('AFTER_CALL_WORK_STARTED', { callId });
      else this.options.endWrapUp();
    }, 0);
  }
}
