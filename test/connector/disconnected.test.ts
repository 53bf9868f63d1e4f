/**
 * The partner connection as Salesforce sees it (CONTRACT §8): call commands while the
 * partner is not connected fail at once with an error that names the disconnection, a
 * drop mid-command does too, and every change of the connection's state is logged
 * without anything personal in it.
 */
import { command } from '../../src/connector/call-commands';
import { PartnerError } from '../../src/partner/partner-telephony';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };
const CUSTOMER = '+14155550142';

async function connectedWithCall(): Promise<{ sf: SalesforceDouble; partner: ScriptedPartner; callId: string }> {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock);
  const sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => partner } });
  const call = partner.server.incomingCall(CUSTOMER)!;
  partner.server.acceptCall(call.id);
  await sf.settle();
  return { sf, partner, callId: call.id };
}

describe('call commands while the partner is not connected', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it.each([
    ['HOLD', 'hold', 'CAN_NOT_HOLD_CALL', (callId: string) => ({ call: { callId } })],
    ['MUTE', 'mute', 'CAN_NOT_MUTE_CALL', () => ({})],
    ['RESUME', 'resume', 'CAN_NOT_RESUME_CALL', (callId: string) => ({ call: { callId } })],
    ['DIAL', 'dial', 'CAN_NOT_START_THE_CALL', () => ({ contact: { phoneNumber: '+14155550177' } })],
    ['END_CALL', 'endCall', 'CAN_NOT_END_THE_CALL', (callId: string) => ({ call: { callId } })],
    ['PAUSE_RECORDING', 'pauseRecording', 'CAN_NOT_PAUSE_RECORDING', (callId: string) => ({ call: { callId } })],
    ['GET_PHONE_CONTACTS', 'getPhoneContacts', 'CAN_NOT_GET_PHONE_CONTACTS', () => ({ filter: {} })],
  ])('%s fails at once, without reaching the partner, with an error naming the disconnection', async (type, what, errorType, data) => {
    const started = await connectedWithCall();
    sf = started.sf;
    started.partner.drop();
    const sentBefore = started.partner.sent.length;
    sf.send(type, data(started.callId));
    // No clock advance: the answer does not wait for the command time limit.
    await sf.settle();
    const message = `${what}: the partner telephony system is not connected (reconnecting); try again once it is back`;
    expect(sf.errors().filter((l) => JSON.stringify(l.payload).includes(message))).toHaveLength(1);
    expect(sf.eventsSinceMark()).toContainEqual({ type: 'ERROR', payload: { message: errorType } });
    expect(started.partner.sent.length).toBe(sentBefore);
  });

  it('after the connection is back, the same command works', async () => {
    const started = await connectedWithCall();
    sf = started.sf;
    started.partner.drop();
    started.partner.restore('replay');
    expect((await sf.request('HOLD', { call: { callId: started.callId } }, 'HOLD_TOGGLE')) as unknown).toMatchObject({ isCustomerOnHold: true });
  });

  it('a command the partner refuses as UNAVAILABLE (the connection dropped meanwhile) names the disconnection too', async () => {
    const clock = new FakeClock();
    await expect(command(clock, 'hold', () => Promise.reject(new PartnerError('socket closed', 'UNAVAILABLE')))).rejects.toMatchObject({
      type: 'UNAVAILABLE',
      message: 'hold: the partner telephony system is not connected (socket closed); try again once it is back',
    });
  });
});

describe('no stale call list is replayed', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('an unreachable partner at init: CONNECTOR_READY lists none of the calls its last known state holds', async () => {
    const clock = new FakeClock();
    const partner = new ScriptedPartner(clock);
    partner.server.acceptCall(partner.server.incomingCall(CUSTOMER)!.id);
    partner.connectAs = 'unavailable';
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => partner } });
    expect(partner.getCalls()).toHaveLength(1);
    expect(sf.ready().callInProgress).toBeNull();
  });

  it('AGENT_AVAILABLE while reconnecting replays nothing; once connected again it replays the live call', async () => {
    const started = await connectedWithCall();
    sf = started.sf;
    started.partner.drop();
    sf.send('AGENT_AVAILABLE', { isAvailable: true });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual([]);
    started.partner.restore('resync');
    sf.send('AGENT_AVAILABLE', { isAvailable: true });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_CONNECTED']);
  });
});

describe('the partner connection’s states in the log', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('a drop is logged as an error, the way back as information, with state names only', async () => {
    const started = await connectedWithCall();
    sf = started.sf;
    started.partner.drop();
    started.partner.restore('resync');
    await sf.settle();
    const lines = sf.connectorLogs().filter((l) => l.eventType === 'CONNECTOR_PARTNER_CONNECTION');
    // The switch to the remote partner announces its state first (not connected yet).
    expect(lines.map((l) => [l.payload, l.isError])).toEqual([
      [{ state: 'disconnected' }, false],
      [{ state: 'connecting' }, false],
      [{ state: 'connected' }, false],
      [{ state: 'reconnecting' }, true],
      [{ state: 'connected' }, false],
    ]);
  });

  it('giving up after a drop is an error', async () => {
    const clock = new FakeClock();
    const partner = new ScriptedPartner(clock);
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => partner } });
    partner.drop();
    partner.dispose();
    await sf.settle();
    const lines = sf.connectorLogs().filter((l) => l.eventType === 'CONNECTOR_PARTNER_CONNECTION');
    expect(lines.slice(-2).map((l) => [l.payload, l.isError])).toEqual([
      [{ state: 'reconnecting' }, true],
      [{ state: 'disconnected' }, true],
    ]);
  });
});
