import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { SHIPPED_STATUS_MAP } from '../support/status-fixtures';

describe('connector ready', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('Salesforce posts SETUP_CONNECTOR; the connector answers CONNECTOR_READY with PENDING_STATUS_CHANGE and no call in progress', async () => {
    // The shipped status map: a clean configuration logs no error and no warning.
    sf = await SalesforceDouble.start({
      connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, '/statusSync/statusMap': SHIPPED_STATUS_MAP },
      openChannel: () => new FakeBroadcastChannel(),
    });
    const ready = sf.ready();
    expect(ready.capabilities).toEqual({
      MUTE: true, RECORD: true, MERGE: true, SWAP: true, SIGNED_RECORDING_URL: false, DEBUG_ENABLED: true,
      CONTACT_SEARCH: true, VENDOR_PROVIDED_AVAILABILITY: true, VENDOR_PROVIDED_QUEUE_WAIT_TIME: false,
      SUPERVISOR_LISTEN_IN: true, SUPERVISOR_BARGE_IN: true, MOS: false, BLIND_TRANSFER: true,
      TRANSFER_TO_OMNI_FLOW: false, PENDING_STATUS_CHANGE: true, PHONEBOOK: true,
    });
    expect(ready.callInProgress).toBeNull();
    expect(ready.agentConfig).toEqual({ PHONES: ['SOFT_PHONE', 'DESK_PHONE'], SELECTED_PHONE: { type: 'SOFT_PHONE' } });
    await sf.settle();
    // Nothing but logs and CONNECTOR_READY: no call, and a partner already matching Omni publishes no status.
    expect(sf.messages().filter((m) => m.type !== 'LOG').map((m) => m.type)).toEqual(['CONNECTOR_READY']);
    expect(sf.errors()).toEqual([]);
  });

  it('a warning logged while the page starts (no BroadcastChannel) reaches Salesforce once the port opens', async () => {
    sf = await SalesforceDouble.start({ openChannel: () => null });
    await sf.settle();
    const startup = sf.errors().filter((l) => l.eventType === 'CONNECTOR_BOOTSTRAP');
    expect(startup).toEqual([{ eventType: 'CONNECTOR_BOOTSTRAP', isError: true, payload: { message: 'no BroadcastChannel: the simulator has no remote control' } }]);
  });
});
