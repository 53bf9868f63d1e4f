/**
 * Third parties: add participant, blind transfer, conference and swap.
 */
import { SalesforceDouble, type Payload } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';
const THIRD_PARTY = '+14155550199';

describe('participant flows', () => {
  let sf: SalesforceDouble;
  let call: Payload;
  beforeEach(async () => {
    sf = await SalesforceDouble.start();
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    call = await sf.waitForEvent('CALL_STARTED');
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
  });
  afterEach(() => sf.close());

  async function addThirdParty(): Promise<Payload> {
    return sf.request('ADD_PARTICIPANT', { contact: { phoneNumber: THIRD_PARTY }, call, isBlindTransfer: false }, 'PARTICIPANT_ADDED');
  }

  it('agent adds a participant, it answers, then hangs up: PARTICIPANT_ADDED, PARTICIPANT_CONNECTED, PARTICIPANT_REMOVED', async () => {
    const added = await addThirdParty();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['PARTICIPANT_ADDED']);
    expect(added).toMatchObject({ callId: 'call-2', initialCallHasEnded: false, phoneNumber: THIRD_PARTY });
    expect(sf.page.partner.getCalls().find((l) => l.id === 'call-1')?.state).toBe('held');

    sf.mark();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['PARTICIPANT_CONNECTED']);
    expect(sf.eventsSinceMark()[0]!.payload).toMatchObject({ callId: 'call-2', initialCallHasEnded: false });

    sf.mark();
    sf.page.partner.remoteHangup('call-2');
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['PARTICIPANT_REMOVED']);
    expect(sf.page.partner.getCallState()).toBe('held');
  });

  it('the customer hangs up while a participant is on: one HANGUP, nothing for the participant that ends with it', async () => {
    await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    sf.mark();
    sf.page.partner.remoteHangup();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
  });

  it('agent removes the participant with END_CALL: PARTICIPANT_REMOVED, the customer call stays', async () => {
    const added = await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    sf.send('END_CALL', { call: { callId: added.callId, callAttributes: { participantType: 'Third_Party' } } });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['PARTICIPANT_REMOVED']);
    expect(sf.page.partner.getCalls().map((l) => l.id)).toEqual(['call-1']);
  });

  it('blind transfer: PARTICIPANT_ADDED with initialCallHasEnded, HANGUP from the library, then after-call work', async () => {
    sf.send('ADD_PARTICIPANT', { contact: { phoneNumber: THIRD_PARTY }, call, isBlindTransfer: true });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['PARTICIPANT_ADDED', 'HANGUP', 'AFTER_CALL_WORK_STARTED']);
    expect(sf.eventsSinceMark()[0]!.payload).toMatchObject({ initialCallHasEnded: true });
    expect(sf.page.partner.getCallState()).toBe('wrapup');
  });

  it('adding a participant to nothing: PARTICIPANT_REMOVED {reason: error} and INVALID_DESTINATION for a bad number', async () => {
    sf.send('ADD_PARTICIPANT', { contact: { phoneNumber: 'x' }, call, isBlindTransfer: false });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([
      { type: 'PARTICIPANT_REMOVED', payload: { reason: 'error' } },
      { type: 'ERROR', payload: { message: 'INVALID_DESTINATION' } },
    ]);
  });

  it('adding a participant while naming the answered participant adds it to that participant\'s customer call', async () => {
    const first = await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    const second = await sf.request('ADD_PARTICIPANT', { contact: { phoneNumber: '+14155550188' }, call: { callId: first.callId }, isBlindTransfer: false }, 'PARTICIPANT_ADDED');
    expect(sf.page.partner.getCalls().find((l) => l.id === second.callId)?.parentId).toBe('call-1');
  });

  it('conference joins everyone: HOLD_TOGGLE with nobody on hold', async () => {
    await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    sf.send('CONFERENCE', { calls: [] });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'HOLD_TOGGLE', payload: { isThirdPartyOnHold: false, isCustomerOnHold: false } }]);
    expect(sf.page.partner.getCalls().map((l) => l.state)).toEqual(['connected', 'connected']);
  });

  it('conference without an answered participant is CAN_NOT_CONFERENCE', async () => {
    sf.send('CONFERENCE', { calls: [] });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_CONFERENCE' } }]);
  });

  it.each([
    ['customer first', 'call-1', 'call-2'],
    ['participant first', 'call-2', 'call-1'],
  ])('swap (%s): the first call given ends up held, the second resumed', async (_label, holdId, resumeId) => {
    await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    // After the answer the customer is held and the participant talks; start each case from the
    // opposite of where it should end, so the swap has to move the hold.
    if (holdId === 'call-1') {
      sf.send('SWAP_PARTICIPANTS', { callToHold: { callId: 'call-2' }, callToResume: { callId: 'call-1' } });
      await sf.waitForEvent('HOLD_TOGGLE');
    }
    expect(sf.page.partner.getCalls().find((l) => l.id === holdId)?.state).toBe('connected');
    sf.send('SWAP_PARTICIPANTS', { callToHold: { callId: holdId }, callToResume: { callId: resumeId } });
    const toggle = await sf.waitForEvent('HOLD_TOGGLE');
    const state = (id: string) => sf.page.partner.getCalls().find((l) => l.id === id)?.state;
    expect(state(holdId)).toBe('held');
    expect(state(resumeId)).toBe('connected');
    expect(toggle).toMatchObject({ isCustomerOnHold: holdId === 'call-1', isThirdPartyOnHold: holdId === 'call-2' });
  });

  it('swap with an unknown call is CAN_NOT_SWAP_PARTICIPANTS and changes nothing', async () => {
    await addThirdParty();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    sf.send('SWAP_PARTICIPANTS', { callToHold: { callId: 'call-1' }, callToResume: { callId: 'nope' } });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_SWAP_PARTICIPANTS' } }]);
    expect(sf.page.partner.getCalls().map((l) => l.state)).toEqual(['held', 'connected']);
  });
});
