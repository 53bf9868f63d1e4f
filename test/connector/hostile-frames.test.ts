/**
 * CONTRACT §7.1: window messages that are not a well-formed Salesforce setup never reach
 * the base library, so a hostile frame cannot make it drop Salesforce's real setup.
 */
import { SALESFORCE_ORIGIN, SalesforceDouble } from '../support/salesforce-double';

let sf: SalesforceDouble | undefined;
afterEach(() => sf?.close());

function post(data: unknown, origin: string, ports: unknown[] = []): void {
  const event = new Event('message');
  Object.defineProperties(event, { data: { value: data }, origin: { value: origin }, ports: { value: ports } });
  window.dispatchEvent(event);
}

describe('hostile window messages before Salesforce sets the connector up', () => {
  it('a SETUP_CONNECTOR from another site, one without a port and a null message are ignored; the real setup is answered', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): number => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { port1 } = new MessageChannel();
      sf = await SalesforceDouble.start({
        beforeSetup: () => {
          post({ type: 'SETUP_CONNECTOR', connectorConfig: {} }, 'https://evil.example.test', [port1]);
          post({ type: 'SETUP_CONNECTOR' }, SALESFORCE_ORIGIN);
          post(null, SALESFORCE_ORIGIN);
          post({ type: 'SETUP_CONNECTOR' }, 'null', [port1]);
        },
      });
      port1.close();
      expect(sf.ready()).toBeDefined();
      await sf.settle();
      expect(rejections).toEqual([]);
      const ignored = sf.logs().filter((l) => l.eventType === 'CONNECTOR_WINDOW_MESSAGE').map((l) => l.payload.message);
      expect(ignored).toEqual([
        'ignored SETUP_CONNECTOR from an origin that is not Salesforce',
        'ignored SETUP_CONNECTOR without a MessagePort',
        'ignored a window message that is not an object',
      ]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('the screen follows the library origin rule', () => {
    const { screenWindowMessage, isSalesforceOrigin } = jest.requireActual<typeof import('../../src/salesforce/scv')>('../../src/salesforce/scv');
    expect(isSalesforceOrigin('https://acme.lightning.force.com')).toBe(true);
    expect(isSalesforceOrigin('https://acme.my.salesforce.com:443')).toBe(true);
    expect(isSalesforceOrigin('http://acme.lightning.force.com')).toBe(false);
    expect(isSalesforceOrigin('https://acme.lightning.force.com.evil.test')).toBe(false);
    expect(isSalesforceOrigin('null')).toBe(false);
    expect(screenWindowMessage({ data: { type: 'OTHER' }, origin: 'https://evil.test' })).toBeNull();
    expect(screenWindowMessage({ data: 'text', origin: SALESFORCE_ORIGIN })).toBe('a window message that is not an object');
  });
});
