/**
 * Call flows through the Salesforce double, connector and simulated partner.
 */
import { savedSnapshot } from '../support/simulator-state';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, type Payload } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';
const RING_TIMEOUT_MS = 30_000;

describe('call flows', () => {
  let sf: SalesforceDouble;
  beforeEach(async () => {
    sf = await SalesforceDouble.start({ partnerOptions: { ringTimeoutMs: RING_TIMEOUT_MS } });
  });
  afterEach(() => sf.close());

  async function ring(): Promise<Payload> {
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    return sf.waitForEvent('CALL_STARTED');
  }

  async function answered(): Promise<Payload> {
    const call = await ring();
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    return call;
  }

  it('a customer call rings: CALL_STARTED carries an inbound ringing call with the leg id', async () => {
    const call = await ring();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_STARTED']);
    expect(call).toMatchObject({
      callId: 'call-1',
      callType: 'Inbound',
      state: 'ringing',
      phoneNumber: CUSTOMER,
      callAttributes: { participantType: 'Initial_Caller' },
      callInfo: { isOnHold: false, isMuted: false, isRecordingPaused: false },
    });
  });

  it('agent accepts, customer hangs up: CALL_CONNECTED, then HANGUP and AFTER_CALL_WORK_STARTED; WRAP_UP_CALL ends wrap-up', async () => {
    const call = await ring();
    sf.send('ACCEPT_CALL', { call });
    const connected = await sf.waitForEvent('CALL_CONNECTED');
    expect(connected).toMatchObject({ callId: 'call-1', state: 'connected' });
    expect(sf.page.partner.getCallState()).toBe('connected');

    sf.mark();
    sf.page.partner.remoteHangup();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
    expect(sf.eventsSinceMark()[0]!.payload).toEqual([expect.objectContaining({ callId: 'call-1', state: 'ended' })]);
    expect(sf.eventsSinceMark()[1]!.payload).toEqual({ callId: 'call-1' });
    expect(sf.page.partner.getCallState()).toBe('wrapup');

    sf.send('WRAP_UP_CALL', { call });
    await sf.settle();
    expect(sf.page.partner.getCallState()).toBe('idle');
  });

  it('agent declines a ringing call: HANGUP at once, partner back to idle, no after-call work', async () => {
    const call = await ring();
    sf.send('DECLINE_CALL', { call });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP']);
    expect(sf.eventsSinceMark()[0]!.payload).toMatchObject({ callId: 'call-1', state: 'ended', agentStatus: 'DeclinedByAgent' });
    expect(sf.page.partner.getCallState()).toBe('idle');
  });

  it('nobody answers: nothing until the ring timeout, then HANGUP with reason error and MissedCallAgent', async () => {
    await ring();
    sf.mark();
    sf.clock.advance(RING_TIMEOUT_MS - 1);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual([]);
    sf.clock.advance(1);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP']);
    expect(sf.eventsSinceMark()[0]!.payload).toEqual([
      expect.objectContaining({ callId: 'call-1', state: 'ended', reason: 'error', agentStatus: 'MissedCallAgent' }),
    ]);
    expect(sf.page.partner.getCallState()).toBe('idle');
  });

  it('agent dials out, far end answers: CALL_STARTED (outbound ringing) then CALL_CONNECTED', async () => {
    sf.send('DIAL', { contact: { phoneNumber: CUSTOMER } });
    const started = await sf.waitForEvent('CALL_STARTED');
    expect(started).toMatchObject({ callId: 'call-1', callType: 'Outbound', state: 'ringing' });
    sf.mark();
    sf.page.partner.remoteAnswer();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_CONNECTED']);
    expect(sf.eventsSinceMark()[0]!.payload).toMatchObject({ callId: 'call-1', callType: 'Outbound', state: 'connected' });
  });

  it('dialling a bad number fails with INVALID_DESTINATION; dialling while on a call fails with CAN_NOT_START_THE_CALL', async () => {
    sf.send('DIAL', { contact: { phoneNumber: 'not a number' } });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_FAILED', 'ERROR']);
    expect(sf.eventsSinceMark()[1]!.payload).toEqual({ message: 'INVALID_DESTINATION' });

    sf.send('DIAL', { contact: {} });
    await sf.settle();
    expect(sf.eventsSinceMark()[1]!.payload).toEqual({ message: 'INVALID_DESTINATION' });

    await answered();
    sf.send('DIAL', { contact: { phoneNumber: CUSTOMER } });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_FAILED', 'ERROR']);
    expect(sf.eventsSinceMark()[1]!.payload).toEqual({ message: 'CAN_NOT_START_THE_CALL' });
  });

  it('dialling a directory entry by id calls its number; a prefix is put in front of a bare number', async () => {
    sf.send('GET_PHONE_CONTACTS', { filter: { type: 'CONTACT' } });
    const { contacts } = await sf.waitForEvent('PHONE_CONTACTS');
    const entry = contacts.find((c: Payload) => typeof c.phoneNumber === 'string');
    sf.send('DIAL', { contact: { id: entry.id, type: 'PhoneBook' } });
    const started = await sf.waitForEvent('CALL_STARTED');
    expect(started.phoneNumber).toBe(entry.phoneNumber);
    sf.send('END_CALL', { call: started });
    await sf.waitForEvent('HANGUP');

    sf.send('DIAL', { contact: { phoneNumber: '4155550142', prefix: '+1' } });
    expect((await sf.waitForEvent('CALL_STARTED')).phoneNumber).toBe('+14155550142');
  });

  it('hold and resume the customer: HOLD_TOGGLE each time with the live hold flag', async () => {
    const call = await answered();
    sf.send('HOLD', { call });
    expect(await sf.waitForEvent('HOLD_TOGGLE')).toMatchObject({ isCustomerOnHold: true, isThirdPartyOnHold: false });
    expect(sf.page.partner.getCallState()).toBe('held');
    sf.send('RESUME', { call });
    expect(await sf.waitForEvent('HOLD_TOGGLE')).toMatchObject({ isCustomerOnHold: false, isThirdPartyOnHold: false });
    expect(sf.page.partner.getCallState()).toBe('connected');
  });

  it('hold of an unknown call is INVALID_PARTICIPANT; resume of a call not on hold is CAN_NOT_RESUME_CALL', async () => {
    const call = await answered();
    sf.send('HOLD', { call: { callId: 'no-such-call' } });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'INVALID_PARTICIPANT' } }]);
    sf.send('RESUME', { call });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_RESUME_CALL' } }]);
    sf.send('HOLD', { call: { callAttributes: { participantType: 'Initial_Caller' } } });
    expect(await sf.waitForEvent('HOLD_TOGGLE')).toMatchObject({ isCustomerOnHold: true });
  });

  it('mute and unmute: MUTE_TOGGLE with the partner mute state; mute without a call is CAN_NOT_MUTE_CALL', async () => {
    sf.send('MUTE');
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_MUTE_CALL' } }]);
    await answered();
    sf.send('MUTE');
    expect(await sf.waitForEvent('MUTE_TOGGLE')).toEqual({ isMuted: true });
    expect(sf.page.partner.isMuted()).toBe(true);
    sf.send('UNMUTE');
    expect(await sf.waitForEvent('MUTE_TOGGLE')).toEqual({ isMuted: false });
  });

  it('DTMF reaches the partner; bad digits are refused before reaching it', async () => {
    await answered();
    sf.send('SEND_DIGITS', { digits: '12#' });
    await sf.settle();
    expect(savedSnapshot(sf.page.store).dtmfCount).toBe(3);
    sf.send('SEND_DIGITS', { digits: 'x' });
    await sf.settle();
    expect(savedSnapshot(sf.page.store).dtmfCount).toBe(3);
    expect(sf.errors().some((l) => l.eventType === 'SEND_DIGITS')).toBe(true);
  });

  it('pause and resume recording: RECORDING_TOGGLE with the live flag', async () => {
    const call = await answered();
    sf.send('PAUSE_RECORDING', { call });
    expect(await sf.waitForEvent('RECORDING_TOGGLE')).toMatchObject({ isRecordingPaused: true });
    sf.send('RESUME_RECORDING', { call });
    expect(await sf.waitForEvent('RECORDING_TOGGLE')).toMatchObject({ isRecordingPaused: false });
  });

  it('agent ends the call: the library sends HANGUP because the call in wrap-up is not active, then AFTER_CALL_WORK_STARTED', async () => {
    const call = await answered();
    sf.send('END_CALL', { call });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
    expect(sf.page.partner.getCallState()).toBe('wrapup');
    expect((await sf.page.connector.getActiveCalls()).activeCalls).toEqual([]);
  });

  it('END_CALL for a call the customer already ended still closes it in Salesforce', async () => {
    const call = await answered();
    sf.page.partner.remoteHangup();
    await sf.settle();
    sf.send('END_CALL', { call });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'HANGUP', payload: [expect.objectContaining({ callId: 'call-1', state: 'ended' })] }]);
  });

  it('WRAP_UP_CALL before the deferred AFTER_CALL_WORK_STARTED fires: it is not sent', async () => {
    const call = await answered();
    sf.mark();
    sf.page.partner.remoteHangup();
    sf.page.connector.wrapUpCall(call); // what the library does on WRAP_UP_CALL, before the 0 ms timer fires
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP']);
    expect(sf.page.partner.getCallState()).toBe('idle');
  });
});

describe('a call center without after-call work (isACWAllowed "false")', () => {
  it('customer hangs up: HANGUP, no AFTER_CALL_WORK_STARTED, and the agent is idle at once (Salesforce will send no WRAP_UP_CALL)', async () => {
    const sf = await SalesforceDouble.start({ connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, isACWAllowed: 'false' } });
    try {
      sf.page.partner.incomingCall(CUSTOMER);
      const call = await sf.waitForEvent('CALL_STARTED');
      await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
      sf.mark();
      sf.page.partner.remoteHangup();
      await sf.settle();
      expect(sf.eventTypesSinceMark()).toEqual(['HANGUP']);
      expect(sf.page.partner.getCallState()).toBe('idle');
    } finally {
      sf.close();
    }
  });
});
