import { callStateOf, callTypeOf, toContact, toPhoneCall } from '../../src/connector/call-mapping';
import type { PartnerCall } from '../../src/partner/partner-telephony';

const leg = (over: Partial<PartnerCall>): PartnerCall => ({
  id: 'leg-1', role: 'customer', direction: 'inbound', phoneNumber: '+14155550142', state: 'ringing', createdAt: 0, ...over,
});

describe('call mapping', () => {
  it.each([
    [leg({}), 'Inbound', 'ringing'],
    [leg({ state: 'held' }), 'Inbound', 'connected'],
    [leg({ direction: 'outbound', state: 'connected' }), 'Outbound', 'connected'],
    [leg({ role: 'thirdParty', direction: 'participant' }), 'AddParticipant', 'transferring'],
    [leg({ role: 'thirdParty', direction: 'participant', state: 'held' }), 'AddParticipant', 'transferred'],
    [leg({ role: 'thirdParty', direction: 'participant', state: 'ended' }), 'AddParticipant', 'ended'],
    [leg({ role: 'supervisor', direction: 'outbound', state: 'connected' }), 'Outbound', 'connected'],
  ])('%o maps to %s / %s', (partnerLeg, callType, state) => {
    expect(callTypeOf(partnerLeg)).toBe(callType);
    expect(callStateOf(partnerLeg)).toBe(state);
  });

  it('a held leg carries isOnHold in callInfo and callAttributes; flags default to not barged in', () => {
    const call = toPhoneCall(leg({ state: 'held' }), { isMuted: true, isRecordingPaused: false });
    expect(call.callInfo).toMatchObject({ isOnHold: true, isMuted: true, isRecordingPaused: false });
    expect(call.callAttributes).toMatchObject({ isOnHold: true, participantType: 'Initial_Caller', hasSupervisorBargedIn: false });
  });

  it('contacts: agents carry availability, others none', () => {
    expect(toContact({ id: 'a', type: 'agent', name: 'A', available: true }).availability).toBe('AVAILABLE');
    expect(toContact({ id: 'b', type: 'agent', name: 'B' }).availability).toBe('BUSY');
    expect(toContact({ id: 'q', type: 'queue', name: 'Q' })).toMatchObject({ type: 'Queue', availability: null });
  });
});
