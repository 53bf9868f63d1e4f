/**
 * `/partner/mode` on the page's default start path (`bootstrapInstances`, what
 * `dist/connector.js` runs): the leader connects the partner the mode names, the login
 * form appears when that partner needs a login, and a bad mode or partner URL is a
 * logged configuration error after which init still answers (so SETUP_CONNECTOR is
 * answered).
 */
import { CLAIM_MS } from '../../src/composition/instances/election';
import { bootstrapInstances, type InstancePage } from '../../src/composition/instances/instance-page';
import { PartnerError } from '../../src/partner/partner-telephony';
import { FakeBroadcastHub } from '../support/fake-broadcast-hub';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const published: string[] = [];
const logged: { eventType: string; payload: Record<string, unknown>; isError: boolean }[] = [];
jest.mock('../../src/salesforce/scv', () => {
  const actual = jest.requireActual<typeof import('../../src/salesforce/scv')>('../../src/salesforce/scv');
  return {
    ...actual,
    publishEvent: (eventType: string) => {
      published.push(eventType);
      return Promise.resolve();
    },
    publishLog: (eventType: string, payload: Record<string, unknown>, isError = false) => logged.push({ eventType, payload, isError }),
    initializeConnector: () => undefined,
  };
});

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };

describe('/partner/mode on the default start path (several-instance page)', () => {
  let clock: FakeClock;
  let page: InstancePage | undefined;
  beforeEach(() => {
    clock = new FakeClock();
    published.length = 0;
    logged.length = 0;
  });
  afterEach(() => page?.dispose());

  async function init(config: Record<string, unknown>, remote: () => ScriptedPartner): Promise<boolean> {
    const hub = new FakeBroadcastHub(clock);
    page = bootstrapInstances({ id: 'a', clock, openChannel: hub.opener('a#1'), register: false, partners: { remote } });
    const answer = page.connector.init(config);
    for (let t = 0; t < CLAIM_MS + 50; t += 10) {
      clock.advance(10);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    return (await answer).showLogin;
  }

  it('remote: the leader connects the factory’s partner, and its calls reach Salesforce', async () => {
    const remote = new ScriptedPartner(clock);
    expect(await init(REMOTE_CONFIG, () => remote)).toBe(false);
    expect(remote.connectionState).toBe('connected');
    remote.server.incomingCall('+14155550142');
    await Promise.resolve();
    expect(published).toEqual(['CALL_STARTED']);
    expect(page!.partner.getCalls()).toHaveLength(1);
  });

  it('remote with a partner that needs a login: init answers showLogin and the page shows the form', async () => {
    const remote = new ScriptedPartner(clock);
    remote.connectAs = 'loginRequired';
    expect(await init(REMOTE_CONFIG, () => remote)).toBe(true);
    expect(document.querySelector('form button')?.textContent).toBe('Log in');
  });

  it('an unknown mode: a logged configuration error, the simulator kept, init answers', async () => {
    const made = jest.fn(() => new ScriptedPartner(clock));
    expect(await init({ ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'cloud' }, made)).toBe(false);
    expect(made).not.toHaveBeenCalled();
    expect(logged).toContainEqual(expect.objectContaining({ isError: true, payload: { message: '/partner/mode must be one of embedded, remote; using embedded' } }));
    expect(page!.simulator()?.connectionState).toBe('connected');
  });

  it('a bad /partner/url: the partner’s reason logged as an error, init answers without a login', async () => {
    const remote = new ScriptedPartner(clock);
    remote.connect = () => Promise.reject(new PartnerError('/partner/url must be a ws: URL on a loopback host or a wss: URL, got "http://x"', 'INVALID_ARGUMENT'));
    expect(await init({ ...REMOTE_CONFIG, '/partner/url': 'http://x' }, () => remote)).toBe(false);
    expect(logged).toContainEqual(
      expect.objectContaining({
        eventType: 'CONNECTOR_INIT_ERROR',
        isError: true,
        payload: { message: 'partner not connected: /partner/url must be a ws: URL on a loopback host or a wss: URL, got "http://x"' },
      }),
    );
  });
});
