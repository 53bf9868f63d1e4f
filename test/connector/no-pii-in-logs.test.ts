/**
 * Logs carry no phone numbers or names: a busy session (inbound, outbound, transfer,
 * conference, contacts search, DTMF, vendor log lines, status sync both ways, a missed
 * call, a logout) and then every LOG line our own code sent to Salesforce is searched for
 * the numbers and names involved. The base library's own echo of channel messages is
 * its business (it strips `phoneNumber`, `number` and `name` itself).
 */
import { DEFAULT_CONTACTS } from '../../src/partner/simulator/default-contacts';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { SalesforceDouble, STATUS } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';
const DIALLED = '+442071838750';
const TRANSFER_TO = '+15555550101';
const DIGITS = '99887766';
const SECRET_NAME = 'Zebulon Quixote';

/** Our own log event types (everything else is the base library echoing the protocol). */
const OWN = /^(CONNECTOR_|STATUS_SYNC|PARTNER_SIMULATOR)/;

it('no phone number, DTMF digit string or contact name reaches a log line of ours', async () => {
  const channel = new FakeBroadcastChannel();
  const sf = await SalesforceDouble.start({ openChannel: () => channel, partnerOptions: { ringTimeoutMs: 1000 } });
  try {
    await sf.request('SET_AGENT_STATUS', { statusInfo: { statusId: STATUS.AVAILABLE } }, 'SET_AGENT_STATUS_RESULT');
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: CUSTOMER });
    const call = await sf.waitForEvent('CALL_STARTED');
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    sf.send('SEND_DIGITS', { digits: DIGITS });
    await sf.request('ADD_PARTICIPANT', { contact: { phoneNumber: TRANSFER_TO, name: SECRET_NAME }, call, isBlindTransfer: false }, 'PARTICIPANT_ADDED');
    channel.deliver({ type: 'REMOTE_ANSWER' });
    await sf.waitForEvent('PARTICIPANT_CONNECTED');
    await sf.request('CONFERENCE', { calls: [] }, 'HOLD_TOGGLE');
    sf.send('LOG', { logLevel: 'INFO', logMessage: `caller ${CUSTOMER} said hi`, payload: { phoneNumber: CUSTOMER, name: SECRET_NAME } });
    sf.send('MESSAGE', { message: { note: `call back ${CUSTOMER}`, name: SECRET_NAME } });
    await sf.request('GET_PHONE_CONTACTS', { filter: { contains: 'Ada' } }, 'PHONE_CONTACTS');
    channel.deliver({ type: 'REMOTE_HANGUP' });
    await sf.settle();
    sf.send('WRAP_UP_CALL', { call });
    await sf.settle();
    await sf.request('DIAL', { contact: { phoneNumber: DIALLED, name: SECRET_NAME } }, 'CALL_STARTED');
    channel.deliver({ type: 'REMOTE_HANGUP' });
    await sf.settle();
    channel.deliver({ type: 'SET_PARTNER_STATUS', status: 'AVAILABLE' });
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: CUSTOMER });
    sf.clock.advance(1000); // missed
    await sf.settle();
    channel.deliver({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    await sf.request('LOGOUT', {}, 'LOGOUT_RESULT');
    await sf.settle();

    const ours = sf.logs().filter((l) => OWN.test(l.eventType));
    expect(ours.length).toBeGreaterThan(10);
    const text = JSON.stringify(ours);
    const digitsOnly = (n: string): string => n.replace(/\D/g, '');
    for (const number of [CUSTOMER, DIALLED, TRANSFER_TO]) {
      expect(text).not.toContain(number);
      expect(text).not.toContain(digitsOnly(number).slice(-7));
    }
    expect(text).not.toContain(DIGITS);
    for (const name of [SECRET_NAME, ...DEFAULT_CONTACTS.map((c) => c.name)]) expect(text).not.toContain(name);
  } finally {
    sf.close();
  }
});
