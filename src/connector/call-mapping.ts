/**
 * Translation between the partner's call legs and the base library's call objects.
 *
 * @remarks
 * Pure functions: every result is an instance of the library's own class (the library
 * validates with `instanceof`). The partner's leg id is the `callId` Salesforce sees.
 *
 * ```
 *   PartnerCall (role, direction, LegState)      PhoneCall (callType, state, participantType)
 *   customer  inbound   ringing|connected|held ─▶ Inbound         ringing|connected   Initial_Caller
 *   customer  outbound  ringing|connected|held ─▶ Outbound        ringing|connected   Initial_Caller
 *   thirdParty participant ringing             ─▶ AddParticipant  transferring        Third_Party
 *   thirdParty participant connected|held      ─▶ AddParticipant  transferred         Third_Party
 *   supervisor outbound  connected             ─▶ Outbound        connected           Supervisor
 *                                                 (hasSupervisorBargedIn: the partner's `bargedIn`)
 *   any leg              ended                 ─▶                 ended
 * ```
 * `transferring`/`transferred` are what the library's reconnect replay expects for a
 * third party (it replays them as `PARTICIPANT_ADDED`/`PARTICIPANT_CONNECTED`); a held
 * leg stays `connected` with `callInfo.isOnHold: true`.
 */
import type { CallRole, LegState, PartnerCall, PartnerContact } from '../partner/partner-telephony';
import { CallInfo, Constants, Contact, PhoneCall, PhoneCallAttributes } from '../salesforce/scv';

/** Live per-agent flags that every mapped call carries. */
export interface LiveCallFlags {
  readonly isMuted: boolean;
  readonly isRecordingPaused: boolean;
}

/** Extra fields for a mapped call (end reasons, agent status on a missed call). */
export interface PhoneCallExtras {
  readonly reason?: string;
  readonly agentStatus?: string;
  readonly callType?: string;
}

const PARTICIPANT_TYPE_BY_ROLE: Readonly<Record<CallRole, string>> = {
  customer: Constants.PARTICIPANT_TYPE.INITIAL_CALLER,
  thirdParty: Constants.PARTICIPANT_TYPE.THIRD_PARTY,
  supervisor: Constants.PARTICIPANT_TYPE.SUPERVISOR,
};

const THIRD_PARTY_STATE: Readonly<Record<LegState, string>> = {
  ringing: Constants.CALL_STATE.TRANSFERRING,
  connected: Constants.CALL_STATE.TRANSFERRED,
  held: Constants.CALL_STATE.TRANSFERRED,
  ended: Constants.CALL_STATE.ENDED,
};

const PARTY_STATE: Readonly<Record<LegState, string>> = {
  ringing: Constants.CALL_STATE.RINGING,
  connected: Constants.CALL_STATE.CONNECTED,
  held: Constants.CALL_STATE.CONNECTED,
  ended: Constants.CALL_STATE.ENDED,
};

/** The library's `callType` for a leg. */
export function callTypeOf(leg: PartnerCall): string {
  if (leg.role === 'thirdParty') return Constants.CALL_TYPE.ADD_PARTICIPANT;
  return leg.direction === 'outbound' ? Constants.CALL_TYPE.OUTBOUND : Constants.CALL_TYPE.INBOUND;
}

/** The library's `state` for a leg (see the table above). */
export function callStateOf(leg: PartnerCall): string {
  return (leg.role === 'thirdParty' ? THIRD_PARTY_STATE : PARTY_STATE)[leg.state];
}

/** The library's `CallInfo` for a leg, with the agent's live mute/recording flags. */
export function callInfoOf(leg: PartnerCall, flags: LiveCallFlags): CallInfo {
  return new CallInfo({
    isOnHold: leg.state === 'held',
    isMuted: flags.isMuted,
    isRecordingPaused: flags.isRecordingPaused,
    initialCallId: leg.parentId,
    callStateTimestamp: new Date(leg.createdAt),
  });
}

/** Maps a partner leg to the library's `PhoneCall`. */
export function toPhoneCall(leg: PartnerCall, flags: LiveCallFlags, extras: PhoneCallExtras = {}): PhoneCall {
  const attributes = new PhoneCallAttributes({
    participantType: PARTICIPANT_TYPE_BY_ROLE[leg.role],
    parentId: leg.parentId,
    isOnHold: leg.state === 'held',
    hasSupervisorBargedIn: leg.bargedIn === true,
  });
  return new PhoneCall({
    callId: leg.id,
    callType: extras.callType ?? callTypeOf(leg),
    contact: new Contact({ phoneNumber: leg.phoneNumber }),
    state: callStateOf(leg),
    callAttributes: attributes,
    phoneNumber: leg.phoneNumber,
    callInfo: callInfoOf(leg, flags),
    reason: extras.reason,
    agentStatus: extras.agentStatus,
  });
}

/** A `PhoneCall` for a call Salesforce named that the partner no longer knows (already ended). */
export function endedPhoneCall(callId: string): PhoneCall {
  return new PhoneCall({ callId, state: Constants.CALL_STATE.ENDED });
}

const CONTACT_TYPE_BY_PARTNER: Readonly<Record<PartnerContact['type'], string>> = {
  agent: Constants.CONTACT_TYPE.AGENT,
  queue: Constants.CONTACT_TYPE.QUEUE,
  phonebook: Constants.CONTACT_TYPE.PHONEBOOK,
};

/** The contact types this connector's directory serves, as `PhoneContactsResult.contactTypes`. */
export const SUPPORTED_CONTACT_TYPES: readonly string[] = Object.values(CONTACT_TYPE_BY_PARTNER);

/** Maps a directory entry to the library's `Contact` (agents carry their availability). */
export function toContact(entry: PartnerContact): Contact {
  const type = CONTACT_TYPE_BY_PARTNER[entry.type];
  return new Contact({
    id: entry.id,
    type: type as ConstructorParameters<typeof Contact>[0]['type'],
    name: entry.name,
    phoneNumber: entry.phoneNumber,
    availability:
      entry.type === 'agent'
        ? entry.available
          ? Constants.AGENT_AVAILABILITY.AVAILABLE
          : Constants.AGENT_AVAILABILITY.BUSY
        : undefined,
  });
}
