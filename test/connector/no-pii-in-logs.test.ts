/**
 * Logs carry no phone numbers or names: a busy session (inbound, outbound, transfer,
 * conference, contacts search, DTMF, vendor log lines, status sync both ways, a missed
 * call, a logout) and then every LOG line our own code sent to Salesforce is searched for
 * the numbers and names involved. The base library's own echo of channel messages is
 * its business (it strips `phoneNumber`, `number` and `name` itself).
 */
import { DEFAULT_CONTACTS } from '../../src/partner/core/directory';
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { SalesforceDouble, STATUS } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';
const DIALLED = '+442071838750';
const TRANSFER_TO = '+15555550101';
const DIGITS = '99887766';
const SECRET_NAME = 'Zebulon Quixote';

/** Our own log event types (everything else is the base library echoing the protocol). */
const OWN = /^(CONNECTOR_|STATUS_SYNC|PARTNER_SIMULATOR)/;

/** A busy session: every kind of number, digit string, name and search term passes through. */
async function busySession(sf: SalesforceDouble, channel: FakeBroadcastChannel): Promise<void> {
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
}

const digitsOnly = (n: string): string => n.replace(/\D/g, '');

it('no phone number, DTMF digit string or contact name reaches a log line of ours', async () => {
  const channel = new FakeBroadcastChannel();
  const sf = await SalesforceDouble.start({ openChannel: () => channel, partnerOptions: { ringTimeoutMs: 1000 } });
  try {
    await busySession(sf, channel);
    const ours = sf.logs().filter((l) => OWN.test(l.eventType));
    expect(ours.length).toBeGreaterThan(10);
    const text = JSON.stringify(ours);
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

/** Keyed as DTMF (a PCI matter) and typed into the directory search. */
const CARD = '4111111111111111';
const SEARCH = 'Quixote';

/** Reads the file a DOWNLOAD_VENDOR_LOGS produced (jsdom has no object URLs: captured here). */
async function downloadedFile(sf: SalesforceDouble): Promise<string> {
  const created: Blob[] = [];
  const url = URL as unknown as { createObjectURL?: unknown; revokeObjectURL?: unknown };
  const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  url.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:log');
  url.revokeObjectURL = () => undefined;
  try {
    sf.send('DOWNLOAD_VENDOR_LOGS');
    await sf.settle();
  } finally {
    delete url.createObjectURL;
    delete url.revokeObjectURL;
    clicks.mockRestore();
  }
  expect(created).toHaveLength(1);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(new Error('unreadable'));
    reader.readAsText(created[0]!);
  });
}

it('CONTRACT 7.2: no LOG message at all (the library\'s echo included) and no line of the DOWNLOAD_VENDOR_LOGS file holds a number, DTMF, name or search term', async () => {
  const channel = new FakeBroadcastChannel();
  const sf = await SalesforceDouble.start({ openChannel: () => channel, partnerOptions: { ringTimeoutMs: 1000 } });
  try {
    await sf.request('SET_AGENT_STATUS', { statusInfo: { statusId: STATUS.AVAILABLE } }, 'SET_AGENT_STATUS_RESULT');
    channel.deliver({ type: 'INCOMING_CALL', phoneNumber: CUSTOMER });
    const call = await sf.waitForEvent('CALL_STARTED');
    await sf.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    sf.send('SEND_DIGITS', { digits: `${CARD}#` });
    sf.send('SEND_DIGITS', { digits: '7' });
    await sf.request('GET_PHONE_CONTACTS', { filter: { contains: SEARCH } }, 'PHONE_CONTACTS');
    await sf.settle();
    channel.deliver({ type: 'REMOTE_HANGUP' });
    await sf.settle();
    sf.send('WRAP_UP_CALL', { call });
    await sf.settle();
    await busySession(sf, channel);
    const file = await downloadedFile(sf);

    const logs = JSON.stringify(sf.logs());
    expect(sf.logs().some((l) => l.eventType === 'SEND_DIGITS')).toBe(true);
    expect(file).toContain('SEND_DIGITS');
    for (const text of [logs, file]) {
      for (const number of [CUSTOMER, DIALLED, TRANSFER_TO]) expect(text).not.toContain(digitsOnly(number).slice(-7));
      expect(text).not.toContain(CARD);
      expect(text).not.toContain(DIGITS);
      expect(text).not.toMatch(/"digits":"7"/);
      expect(text).not.toContain(SEARCH);
      for (const name of [SECRET_NAME, ...DEFAULT_CONTACTS.map((c) => c.name)]) expect(text).not.toContain(name);
    }
  } finally {
    sf.close();
  }
});
