/**
 * The partner's calls as Salesforce sees them: which legs are active, and each one as the
 * base library's `PhoneCall` with the agent's live flags.
 */
import type { PartnerCall, PartnerTelephony } from '../partner/partner-telephony';
import { HoldToggleResult, type PhoneCall } from '../salesforce/scv';
import { toPhoneCall, type LiveCallFlags, type PhoneCallExtras } from './call-mapping';

/** Reads the partner's mirror for the connector's answers and events. */
export class CallView {
  constructor(private readonly partner: PartnerTelephony) {}

  /** Live legs (not ended), oldest first. */
  liveLegs(): readonly PartnerCall[] {
    return this.partner.getCalls().filter((leg) => leg.state !== 'ended');
  }

  /** Live legs the agent is on; none while in wrap-up (the call is over for Salesforce). */
  activeLegs(): readonly PartnerCall[] {
    const wrapUp = this.partner.getCallState() === 'wrapup';
    return this.liveLegs().filter((leg) => !wrapUp || leg.role === 'supervisor');
  }

  /** The agent's live mute/recording flags. */
  flags(): LiveCallFlags {
    return { isMuted: this.partner.isMuted(), isRecordingPaused: this.partner.isRecordingPaused() };
  }

  phoneCall(leg: PartnerCall, extras?: PhoneCallExtras): PhoneCall {
    return toPhoneCall(leg, this.flags(), extras);
  }

  /** The answer to hold, resume, swap and conference: who is on hold, and every active leg. */
  holdState(): HoldToggleResult {
    const live = this.activeLegs();
    return new HoldToggleResult({
      isCustomerOnHold: live.some((leg) => leg.role === 'customer' && leg.state === 'held'),
      isThirdPartyOnHold: live.some((leg) => leg.role === 'thirdParty' && leg.state === 'held'),
      calls: live.map((leg) => this.phoneCall(leg)),
    });
  }
}
