/**
 * Session-level flows: logout, supervisor, contacts, agent config, recordings, logs,
 * messages, reconnect replay, reload, and bad configuration.
 */
import { MemoryStore } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS, type Payload } from '../support/salesforce-double';

const CUSTOMER = '+14155550142';

describe('session flows', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  async function connectedCall(double: SalesforceDouble): Promise<Payload> {
    double.mark();
    double.page.partner.incomingCall(CUSTOMER);
    const call = await double.waitForEvent('CALL_STARTED');
    await double.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
    return call;
  }

  it('LOGOUT logs the agent out of the partner: LOGOUT_RESULT success, partner OFFLINE, SET_AGENT_STATUS Offline', async () => {
    sf = await SalesforceDouble.start();
    sf.send('LOGOUT');
    expect(await sf.waitForEvent('LOGOUT_RESULT')).toEqual({ success: true, loginFrameHeight: 350 });
    expect(sf.page.partner.getStatus()).toBe('OFFLINE');
  });

  it('supervisor listens in (soft phone: SUPERVISOR_CALL_CONNECTED), barges in, disconnects', async () => {
    sf = await SalesforceDouble.start();
    sf.send('SUPERVISE_CALL', { call: { callId: 'other-agent-call', callType: 'Inbound' } });
    const listening = await sf.waitForEvent('SUPERVISOR_CALL_CONNECTED');
    expect(listening).toMatchObject({ callId: 'call-1', callAttributes: { participantType: 'Supervisor', parentId: 'other-agent-call', hasSupervisorBargedIn: false } });

    sf.send('SUPERVISOR_BARGE_IN', { call: { callId: 'other-agent-call' } });
    expect(await sf.waitForEvent('SUPERVISOR_BARGED_IN')).toMatchObject({ callId: 'call-1', callAttributes: { hasSupervisorBargedIn: true } });

    sf.send('SUPERVISOR_DISCONNECT', { call: { callId: 'other-agent-call' } });
    expect(await sf.waitForEvent('SUPERVISOR_HANGUP')).toEqual([expect.objectContaining({ callId: 'call-1', state: 'ended' })]);
    expect(sf.page.partner.getCalls()).toEqual([]);
  });

  it('supervisor with a desk phone gets SUPERVISOR_CALL_STARTED; supervising without a callId is CAN_NOT_SUPERVISE_CALL', async () => {
    sf = await SalesforceDouble.start();
    sf.send('SUPERVISE_CALL', { call: {} });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_SUPERVISE_CALL' } }]);
    sf.send('SET_AGENT_CONFIG', { config: { selectedPhone: { type: 'DESK_PHONE', number: '+1 415 555 0100' } } });
    await sf.waitForEvent('AGENT_CONFIG_UPDATED');
    sf.send('SUPERVISE_CALL', { call: { callId: 'other-agent-call' } });
    await sf.waitForEvent('SUPERVISOR_CALL_STARTED');
  });

  it('barging into a call nobody supervises is CAN_NOT_BARGE_IN_SUPERVISOR', async () => {
    sf = await SalesforceDouble.start();
    sf.send('SUPERVISOR_BARGE_IN', { call: { callId: 'other-agent-call' } });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_BARGE_IN_SUPERVISOR' } }]);
  });

  it('the supervised call ends on the far side: SUPERVISOR_HANGUP', async () => {
    sf = await SalesforceDouble.start();
    sf.send('SUPERVISE_CALL', { call: { callId: 'other-agent-call' } });
    await sf.waitForEvent('SUPERVISOR_CALL_CONNECTED');
    sf.mark();
    sf.page.partner.remoteHangup('call-1');
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['SUPERVISOR_HANGUP']);
  });

  describe('GET_PHONE_CONTACTS', () => {
    beforeEach(async () => {
      sf = await SalesforceDouble.start();
    });

    async function contacts(filter: unknown): Promise<Payload> {
      return sf!.request('GET_PHONE_CONTACTS', { filter }, 'PHONE_CONTACTS');
    }

    it('without a filter: the whole directory, with the contact types it serves', async () => {
      const all = await contacts(undefined);
      expect(all.contactTypes).toEqual(['Agent', 'Queue', 'PhoneBook']);
      const types = new Set(all.contacts.map((c: Payload) => c.type));
      expect(types).toEqual(new Set(['Agent', 'Queue', 'PhoneBook']));
      expect(all.contacts.filter((c: Payload) => c.type === 'Agent').every((c: Payload) => ['AVAILABLE', 'BUSY'].includes(c.availability))).toBe(true);
    });

    it('type AGENT / QUEUE / CONTACT narrows to that kind; AVAILABLE to available agents; FLOW to nothing', async () => {
      expect((await contacts({ type: 'AGENT' })).contacts.every((c: Payload) => c.type === 'Agent')).toBe(true);
      expect((await contacts({ types: ['QUEUE'] })).contacts.every((c: Payload) => c.type === 'Queue')).toBe(true);
      expect((await contacts({ type: 'CONTACT' })).contacts.every((c: Payload) => c.type === 'PhoneBook')).toBe(true);
      const available = (await contacts({ type: 'AVAILABLE' })).contacts;
      expect(available.length).toBeGreaterThan(0);
      expect(available.every((c: Payload) => c.type === 'Agent' && c.availability === 'AVAILABLE')).toBe(true);
      expect((await contacts({ type: 'FLOW' })).contacts).toEqual([]);
    });

    it('contains, limit and offset page through the matches', async () => {
      const all = (await contacts({})).contacts;
      const first = all[0];
      const needle = first.name.slice(0, 3).toLowerCase();
      const matches = (await contacts({ contains: needle })).contacts;
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.every((c: Payload) => `${c.name} ${c.phoneNumber ?? ''}`.toLowerCase().includes(needle))).toBe(true);
      const page = (await contacts({ limit: 2, offset: 1 })).contacts;
      expect(page.map((c: Payload) => c.id)).toEqual(all.slice(1, 3).map((c: Payload) => c.id));
    });

    it('a malformed filter is logged as an error and the valid parts still apply', async () => {
      const all = (await contacts({})).contacts;
      sf!.mark();
      const result = (await contacts({ type: 'ROBOTS', contains: 42, limit: -1, offset: 'x' })).contacts;
      expect(result).toEqual(all);
      const log = sf!.connectorLogs().find((l) => l.eventType === 'CONNECTOR_CONTACT_FILTER');
      expect(log?.isError).toBe(true);
      expect(log?.payload.message).toMatch(/unknown contact type "ROBOTS"/);
      expect(log?.payload.message).toMatch(/limit must be a whole number/);
      expect((await contacts('garbage')).contacts).toEqual(all);
    });
  });

  describe('agent config', () => {
    beforeEach(async () => {
      sf = await SalesforceDouble.start();
    });

    it('soft phone by default; a desk phone with a number is kept and reported; back to soft phone', async () => {
      expect((await sf!.page.connector.getAgentConfig()).selectedPhone).toMatchObject({ type: 'SOFT_PHONE' });
      expect(await sf!.request('SET_AGENT_CONFIG', { config: { selectedPhone: { type: 'DESK_PHONE', number: '+14155550100' } } }, 'AGENT_CONFIG_UPDATED')).toEqual({ success: true });
      expect((await sf!.page.connector.getAgentConfig()).selectedPhone).toMatchObject({ type: 'DESK_PHONE', number: '+14155550100' });
      await sf!.request('SET_AGENT_CONFIG', { config: { selectedPhone: { type: 'SOFT_PHONE' } } }, 'AGENT_CONFIG_UPDATED');
      expect((await sf!.page.connector.getAgentConfig()).selectedPhone).toMatchObject({ type: 'SOFT_PHONE' });
    });

    it('a desk phone without a valid number is CAN_NOT_UPDATE_PHONE_NUMBER; an unknown phone type CAN_NOT_SET_AGENT_CONFIG', async () => {
      sf!.send('SET_AGENT_CONFIG', { config: { selectedPhone: { type: 'DESK_PHONE', number: '12' } } });
      await sf!.settle();
      expect(sf!.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_UPDATE_PHONE_NUMBER' } }]);
      sf!.send('SET_AGENT_CONFIG', { config: { selectedPhone: { type: 'FAX' } } });
      await sf!.settle();
      expect(sf!.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_SET_AGENT_CONFIG' } }]);
      sf!.send('SET_AGENT_CONFIG', { config: 'nonsense' });
      await sf!.settle();
      expect(sf!.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_SET_AGENT_CONFIG' } }]);
      expect((await sf!.page.connector.getAgentConfig()).selectedPhone).toMatchObject({ type: 'SOFT_PHONE' });
    });
  });

  it('a signed recording URL is unavailable: SIGNED_RECORDING_URL with success false', async () => {
    sf = await SalesforceDouble.start();
    sf.send('GET_SIGNED_RECORDING_URL', { recordingUrl: 'https://rec.example/1', vendorCallKey: 'call-1', callId: '0LQxx01' });
    expect(await sf.waitForEvent('SIGNED_RECORDING_URL')).toMatchObject({ success: false });
    expect(sf.connectorLogs().find((l) => l.eventType === 'CONNECTOR_RECORDING_URL')?.payload).toEqual({ message: 'no recordings kept', callId: '0LQxx01' });
  });

  it('DOWNLOAD_VENDOR_LOGS downloads the library log; a browser that refuses is reported, not thrown', async () => {
    sf = await SalesforceDouble.start();
    const created: Blob[] = [];
    const url = URL as unknown as { createObjectURL?: unknown; revokeObjectURL?: unknown };
    const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    url.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:log');
    url.revokeObjectURL = () => undefined;
    try {
      sf.send('DOWNLOAD_VENDOR_LOGS');
      await sf.settle();
      expect(created).toHaveLength(1);
      expect(clicks).toHaveBeenCalledTimes(1);
      url.createObjectURL = () => {
        throw new Error('blocked');
      };
      sf.send('DOWNLOAD_VENDOR_LOGS');
      const failure = await sf.waitForLog('CONNECTOR_DOWNLOAD_LOGS_FAILED');
      expect(failure).toEqual({ eventType: 'CONNECTOR_DOWNLOAD_LOGS_FAILED', payload: { message: 'blocked' }, isError: true });
    } finally {
      delete url.createObjectURL;
      delete url.revokeObjectURL;
      clicks.mockRestore();
    }
  });

  it('LOG messages from Salesforce land in the vendor log that DOWNLOAD_VENDOR_LOGS downloads, without numbers or names', async () => {
    sf = await SalesforceDouble.start();
    const download = jest.spyOn(sf.page.connector, 'downloadLogs').mockImplementation(() => undefined);
    sf.send('LOG', { logLevel: 'ERROR', logMessage: `dial to ${CUSTOMER} failed`, payload: { name: 'Ada Lovelace', phoneNumber: CUSTOMER, nested: { note: `call ${CUSTOMER}`, count: 3 } } });
    sf.send('LOG', { logLevel: 7, logMessage: { odd: true } });
    sf.send('DOWNLOAD_VENDOR_LOGS');
    await sf.settle();
    const lines = (download.mock.calls[0]?.[0] ?? []).filter((line) => line.includes('SALESFORCE_LOG'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('|ERROR|PARTNER|{"eventType":"SALESFORCE_LOG","payload":{"level":"ERROR","message":"dial to [number] failed","payload":{"name":"[redacted]","phoneNumber":"[redacted]","nested":{"note":"call [number]","count":3}}}}');
    expect(lines[1]).toContain('"level":"INFO","message":"[object Object]"');
    expect(lines.join('')).not.toMatch(/4155550142|Ada Lovelace/);
    // Nothing of it goes back to Salesforce.
    expect(sf.logs().some((l) => l.eventType === 'SALESFORCE_LOG')).toBe(false);
  });

  it('configuration errors and warnings are in the file an admin downloads (Omni-Channel settings: Download agent debug information)', async () => {
    sf = await SalesforceDouble.start({
      connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, '/statusSync/statusMap': 'Available=AVAILABLE; Away=BREAK, Busy=MEETING', '/statusSync/onCallPolicy': 'later' },
    });
    const download = jest.spyOn(sf.page.connector, 'downloadLogs').mockImplementation(() => undefined);
    sf.send('DOWNLOAD_VENDOR_LOGS');
    await sf.settle();
    const lines = download.mock.calls[0]?.[0] ?? [];
    const errors = lines.filter((line) => line.includes('|ERROR|') && line.includes('STATUS_SYNC_CONFIG'));
    expect(errors.some((line) => line.includes('"entry":"Away=BREAK, Busy=MEETING"') && line.includes('separate entries with'))).toBe(true);
    expect(errors.some((line) => line.includes('onCallPolicy must be'))).toBe(true);
    expect(errors.some((line) => line.includes('STATUS_SYNC_CONFIG_WARNING') && line.includes('unmapped'))).toBe(true);
  });

  it('MESSAGE from a Lightning component is logged by type and otherwise ignored', async () => {
    sf = await SalesforceDouble.start();
    sf.send('MESSAGE', { message: { type: 'PING', secret: CUSTOMER } });
    expect((await sf.waitForLog('CONNECTOR_MESSAGE')).payload).toEqual({ messageType: 'PING', handled: false });
    sf.send('MESSAGE', { message: null });
    expect((await sf.waitForLog('CONNECTOR_MESSAGE')).payload).toEqual({ messageType: 'null', handled: false });
  });

  it('reconnect: AGENT_AVAILABLE replays the call in progress with its live hold, mute and recording state', async () => {
    sf = await SalesforceDouble.start();
    const call = await connectedCall(sf);
    sf.send('MUTE');
    await sf.waitForEvent('MUTE_TOGGLE');
    sf.send('PAUSE_RECORDING', { call });
    await sf.waitForEvent('RECORDING_TOGGLE');
    sf.send('HOLD', { call });
    await sf.waitForEvent('HOLD_TOGGLE');

    sf.send('AGENT_AVAILABLE', { isAvailable: true });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_CONNECTED']);
    expect(sf.eventsSinceMark()[0]!.payload).toMatchObject({
      callId: 'call-1',
      isReplayedCall: true,
      callInfo: { isOnHold: true, isMuted: true, isRecordingPaused: true },
    });
  });

  it('reconnect with a participant ringing: the customer replays as CALL_CONNECTED, the participant as PARTICIPANT_ADDED', async () => {
    sf = await SalesforceDouble.start();
    const call = await connectedCall(sf);
    await sf.request('ADD_PARTICIPANT', { contact: { phoneNumber: '+14155550199' }, call, isBlindTransfer: false }, 'PARTICIPANT_ADDED');
    sf.send('AGENT_AVAILABLE', { isAvailable: true });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_CONNECTED', 'PARTICIPANT_ADDED']);
  });

  it('reload: a new page on the same store reports the call in progress in CONNECTOR_READY', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const first = await SalesforceDouble.start({ store, clock });
    await connectedCall(first);
    first.close();

    sf = await SalesforceDouble.start({ store, clock, partnerOptions: { idFactory: () => 'after-reload' } });
    expect(sf.ready().callInProgress).toMatchObject({ callId: 'call-1', state: 'connected', callType: 'Inbound' });
    sf.mark();
    sf.page.partner.remoteHangup();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
    expect(sf.eventsSinceMark()[1]!.payload).toEqual({ callId: 'call-1' });
  });

  it.each([
    ['null', null],
    ['a string', 'garbage'],
    ['an array', [1, 2]],
  ])('init with %s as config still reaches CONNECTOR_READY and logs a clear error', async (_label, config) => {
    sf = await SalesforceDouble.start({ connectorConfig: config });
    expect(sf.ready().capabilities.PENDING_STATUS_CHANGE).toBe(true);
    const error = sf.connectorLogs().find((l) => l.eventType === 'CONNECTOR_CONFIG_ERROR');
    expect(error?.isError).toBe(true);
    expect(error?.payload.message).toMatch(/callCenterConfig must be an object/);
  });

  it('init with malformed status settings still reaches CONNECTOR_READY', async () => {
    sf = await SalesforceDouble.start({ connectorConfig: { userPresenceStatuses: '{not json', '/statusSync/statusMap': '===' } });
    expect(sf.ready().callInProgress).toBeNull();
    const sources = sf.errors().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_ERROR').map((l) => l.payload.source);
    expect(sources).toEqual(expect.arrayContaining(['userPresenceStatuses', 'statusMap']));
  });

  it('a status bridge that throws in configure does not stop CONNECTOR_READY', async () => {
    sf = await SalesforceDouble.start({
      build: (fresh, { clock, store }) => {
        const partner = new fresh.simulator.SimulatedPartner({ clock, store, initialStatus: 'AVAILABLE' });
        const status = {
          configure: () => {
            throw new Error('boom');
          },
          setAgentStatus: () => Promise.reject(new Error('unused')),
          getAgentStatus: () => {
            throw new Error('no status');
          },
          wrapUpCall: () => Promise.reject(new Error('wrap-up refused')),
          logout: () => partner.logout(),
          flush: () => undefined,
          dispose: () => undefined,
          view: () => ({ salesforceStatusId: null, pending: null, syncLog: [] }),
          onChange: () => () => undefined,
        };
        const connector = new fresh.connector.Connector({ partner, status, clock });
        return { connector, dispose: () => (connector.dispose(), partner.dispose()) };
      },
    });
    expect(sf.ready().capabilities.PENDING_STATUS_CHANGE).toBe(true);
    expect(sf.connectorLogs().find((l) => l.eventType === 'CONNECTOR_INIT_ERROR')?.payload).toEqual({ message: 'status sync configuration failed: boom' });
    sf.send('GET_AGENT_STATUS');
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_GET_AGENT_STATUS' } }]);
    sf.send('WRAP_UP_CALL', { call: {} });
    expect((await sf.waitForLog('CONNECTOR_WRAP_UP_FAILED')).payload).toEqual({ message: 'wrap-up refused' });
  });

  it('SET_AGENT_STATUS and GET_AGENT_STATUS go to the status sync', async () => {
    sf = await SalesforceDouble.start();
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Away', statusInfo: { statusId: STATUS.AWAY, statusName: 'Away' }, enqueueNextState: false });
    expect(await sf.waitForEvent('SET_AGENT_STATUS_RESULT')).toEqual({ success: true });
    expect(sf.page.partner.getStatus()).toBe('BREAK');
    sf.send('GET_AGENT_STATUS');
    expect(await sf.waitForEvent('GET_AGENT_STATUS_RESULT')).toMatchObject({ statusName: 'BREAK' });
  });

  it('a call refused by the partner is logged; nothing reaches Salesforce before init', async () => {
    sf = await SalesforceDouble.start();
    sf.page.partner.setPartnerStatus('BREAK');
    await sf.settle();
    sf.mark();
    sf.page.partner.incomingCall(CUSTOMER);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual([]);
    expect(sf.logs().find((l) => l.eventType === 'PARTNER_SIMULATOR' && l.payload.message === 'incoming call refused')?.payload).toEqual({
      message: 'incoming call refused',
      reason: 'status BREAK is not routable',
    });

    const early = await SalesforceDouble.start({ waitForReady: false, connectorConfig: undefined });
    try {
      expect(early.page.partner.incomingCall(CUSTOMER)).not.toBeNull();
      await early.waitForMessage('CONNECTOR_READY');
      expect(early.ready().callInProgress).toMatchObject({ state: 'ringing' });
    } finally {
      early.close();
    }
  });

  it('no LOG the connector emits carries a phone number, through a whole call with a participant', async () => {
    sf = await SalesforceDouble.start();
    const call = await connectedCall(sf);
    await sf.request('ADD_PARTICIPANT', { contact: { phoneNumber: '+14155550199' }, call, isBlindTransfer: false }, 'PARTICIPANT_ADDED');
    sf.send('DIAL', { contact: { phoneNumber: '+14155550177' } });
    sf.send('HOLD', { call: { callId: 'nope' } });
    sf.send('MESSAGE', { message: { type: '+14155550142' } });
    sf.page.partner.remoteHangup();
    await sf.settle();
    const own = JSON.stringify(sf.connectorLogs());
    // The lines the check reads are there: the message type and the refused hold.
    expect(sf.connectorLogs().map((l) => l.eventType)).toContain('CONNECTOR_MESSAGE');
    for (const digits of ['4155550142', '4155550199', '4155550177']) expect(own).not.toContain(digits);
  });
});
