/**
 * One agent's status and call state, and the one way each changes.
 *
 * @remarks
 * - The agent status and the agent-level call state are apart. The call state moves only
 *   through `transitionCallState` (see the diagram in `./call-state-machine.ts`); it is
 *   what the legs imply: any leg connected → `connected`; else any held → `held`; else
 *   any ringing → `ringing`; no agent leg left → `wrapup` after an answered call, `idle`
 *   after one that only rang. A supervisor leg never changes it.
 * - Events are announced synchronously through `onEvent`, in the order things happen.
 *   When the agent leaves `idle`, `callStateChanged` comes first and the call event
 *   (`incomingCall`) after it; otherwise the call events (`remoteHangup`, `callMissed` …)
 *   come first and `callStateChanged` after them, so a status-sync guard is up before a
 *   call appears and lifts only after it is gone. Every command that changed something
 *   ends with one `changed` notice: the owner saves the snapshot then. Each event is
 *   stamped with the agent's next `seq` (kept in the snapshot) and the time.
 */
import type { CallState } from '../../vocabulary/call-state';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import type { PartnerCall, PartnerChange, PartnerEvent, StatusOrigin } from '../partner-telephony';
import type { AgentCalls, CoreLog } from './agent-calls';
import { toCall, type LegRecord } from './call-legs';
import { settledCallState, transitionCallState } from './call-state-machine';

/** What the agent announces: its stamped events, and `changed` after each change (save the snapshot then). */
export type AgentNotice = PartnerEvent | { readonly type: 'changed' };

/** Where {@link AgentState} starts. */
export interface AgentStart {
  readonly status: PartnerStatus;
  readonly callState: CallState;
  /** The `seq` of the last event announced. */
  readonly eventSeq: number;
}

/** The agent's status and call state, with the transitions that announce their changes. */
export class AgentState {
  private statusValue: PartnerStatus;
  private callStateValue: CallState;
  private seq: number;

  constructor(
    private readonly calls: AgentCalls,
    private readonly now: () => number,
    private readonly onEvent: (event: AgentNotice) => void,
    private readonly log: CoreLog,
    start: AgentStart,
  ) {
    this.statusValue = start.status;
    this.callStateValue = start.callState;
    this.seq = start.eventSeq;
  }

  /** The agent's partner status. */
  get status(): PartnerStatus {
    return this.statusValue;
  }

  /** The agent-level call state. */
  get callState(): CallState {
    return this.callStateValue;
  }

  /** The `seq` of the last event announced. */
  get eventSeq(): number {
    return this.seq;
  }

  /** The one way the call state changes: checked by the machine, then committed and announced. */
  transition(next: CallState): void {
    const previous = this.callStateValue;
    if (transitionCallState(previous, next) === previous) return;
    this.callStateValue = next;
    if (next === 'wrapup' || next === 'idle') this.calls.resetFlags();
    this.emit({ type: 'callStateChanged', state: next, previous });
  }

  /** Moves the call state to what the legs imply, announcing `events` around it (see the file comment), then commits. */
  settle(events: readonly PartnerChange[]): void {
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

  /** {@link AgentState.settle} after a command on one leg; returns the leg as the caller sees it. */
  settledCall(leg: LegRecord, state: PartnerCall['state'] = leg.state): PartnerCall {
    this.settle([]);
    return toCall(leg, state);
  }

  /** {@link AgentState.settle} after a command on several legs. */
  settledCalls(legs: readonly LegRecord[], state?: PartnerCall['state']): readonly PartnerCall[] {
    this.settle([]);
    return legs.map((l) => toCall(l, state ?? l.state));
  }

  /** Changes the status and announces it; returns whether it changed (nothing is committed). */
  changeStatus(status: PartnerStatus, origin: StatusOrigin, reason: string): boolean {
    const previous = this.statusValue;
    if (status === previous) return false;
    this.statusValue = status;
    this.log('status changed', { status, previous, origin });
    this.emit({ type: 'statusChanged', status, previous, origin, reason });
    return true;
  }

  /** Announces a change, stamped with the next `seq` and the time. */
  emit(change: PartnerChange): void {
    this.seq += 1;
    this.onEvent({ ...change, seq: this.seq, at: this.now() });
  }

  /** Ends a command that changed something: the owner saves the snapshot then. */
  commit(): void {
    this.onEvent({ type: 'changed' });
  }
}
