/**
 * What the far end of the agent's calls does: a customer calls in, answers an outbound
 * call or an added participant, hangs up.
 */
import type { PartnerStatus } from '../../vocabulary/partner-status';
import type { PartnerCall, PartnerChange } from '../partner-telephony';
import type { AgentCalls, CoreLog } from './agent-calls';
import type { AgentState } from './agent-state';
import { toCall } from './call-legs';

/** The far end's actions on one agent's calls. */
export class FarEnd {
  constructor(
    private readonly calls: AgentCalls,
    private readonly state: AgentState,
    private readonly log: CoreLog,
    private readonly isRoutable: (status: PartnerStatus) => boolean,
  ) {}

  /**
   * A customer call arrives: it rings only if the status is routable and the agent idle;
   * otherwise it is refused (the reason logged, nothing announced) and `null` returned.
   */
  incomingCall(phoneNumber: string): PartnerCall | null {
    const { status, callState } = this.state;
    let reason: string | null = null;
    if (!this.isRoutable(status)) reason = `status ${status} is not routable`;
    else if (callState !== 'idle') reason = `agent is ${callState}, expected idle`;
    if (reason !== null) {
      this.log('incoming call refused', { reason });
      return null;
    }
    const leg = this.calls.incoming(phoneNumber);
    this.state.settle([{ type: 'incomingCall', call: toCall(leg) }]);
    return toCall(leg);
  }

  /** The far end answers `callId` (default: the newest answerable leg); `null` when nothing to answer. */
  remoteAnswer(callId?: string): PartnerCall | null {
    const leg = this.calls.remoteAnswer(callId);
    if (!leg) return null;
    this.state.settle([{ type: 'remoteAnswered', call: toCall(leg) }]);
    return toCall(leg);
  }

  /** The far end hangs up `callId` (default: the customer); one `remoteHangup` per ended leg, customer first. */
  remoteHangup(callId?: string): readonly PartnerCall[] {
    const calls = this.calls.remoteHangup(callId).map((l) => toCall(l, 'ended'));
    if (calls.length > 0) this.state.settle(calls.map((call): PartnerChange => ({ type: 'remoteHangup', call })));
    return calls;
  }
}
