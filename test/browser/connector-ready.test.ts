/**
 * The built connector in a real Chromium: the adapter page from dist/ in a cross-site
 * iframe of a page playing Salesforce, set up exactly as Salesforce does it.
 */
import { connectorConfig, STATUS_ID, STRICT_CSP, type BrowserSession } from './harness';
import { browserSuite } from './suite';

const suite = browserSuite();

function open(options: { allowThirdPartyStorage?: boolean } = {}): Promise<BrowserSession> {
  return suite.open(options);
}

function capabilities(ready: { payload: unknown }): Record<string, unknown> {
  return (ready.payload as { capabilities: Record<string, unknown> }).capabilities;
}

describe('connector in a cross-site iframe of a Salesforce page', () => {
  it('Salesforce posts SETUP_CONNECTOR, the connector answers CONNECTOR_READY with PENDING_STATUS_CHANGE', async () => {
    const s = await open();
    const ready = await s.connect(connectorConfig());

    expect(capabilities(ready)).toMatchObject({ PENDING_STATUS_CHANGE: true });
    // The adapter page loads the bundle and nothing else.
    const fromConnectorOrigin = suite.server.requests.filter((r) => r.host === 'connector.partner.test' && !r.path.startsWith('/remote.'));
    expect(fromConnectorOrigin.map((r) => `${r.status} ${r.path}`)).toEqual(['200 /index.html', '200 /connector.js']);
  });

  it(`under a strict Content-Security-Policy (${STRICT_CSP}) the connector still reaches CONNECTOR_READY`, async () => {
    suite.server.strictCsp = true;
    const s = await open();
    const ready = await s.connect(connectorConfig());

    expect(capabilities(ready)).toMatchObject({ PENDING_STATUS_CHANGE: true });
    expect(s.unexpectedErrors()).toEqual([]);
    // Proof the policy was in force: the page refuses an inline script. (DevTools
    // evaluation itself is exempt from CSP, so the probe goes through the DOM.)
    s.expectError(/inline script violates the following Content Security Policy/);
    const inlineRan = await s.inAdapter(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.appendChild(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
  });

  it('third-party storage blocked: the adapter frame cannot use localStorage, the connector still gets ready and works from memory', async () => {
    const s = await open();
    const storage = await s.inAdapter(() => {
      try {
        window.localStorage.setItem('probe', '1');
        return 'usable';
      } catch (error) {
        return `blocked: ${(error as Error).message}`;
      }
    });
    expect(storage).toMatch(/^blocked/);

    const ready = await s.connect(connectorConfig());
    expect(capabilities(ready)).toMatchObject({ PENDING_STATUS_CHANGE: true });
    // Working from memory: both sync directions still work.
    await s.send({
      type: 'SET_AGENT_STATUS',
      agentStatus: 'Online',
      statusInfo: { statusId: STATUS_ID.available, statusApiName: 'Available', statusName: 'Available' },
      enqueueNextState: false,
    });
    await s.waitForSim('AVAILABLE', (st) => st.partnerStatus === 'AVAILABLE');
    await s.sim({ type: 'SET_PARTNER_STATUS', status: 'BREAK' });
    expect((await s.waitForEvent('SET_AGENT_STATUS')).payload).toEqual({ statusId: STATUS_ID.away });
    // The fallback is warned about once, at start-up (before Salesforce connects, so into
    // the base library's local log); every later write must not warn again over the port.
    const storageWarnings = (await s.logs()).filter((l) => /storage/i.test(JSON.stringify(l.payload)));
    expect(storageWarnings.length).toBeLessThanOrEqual(1);
  });

  it('with third-party storage allowed by the profile, the adapter frame can use localStorage', async () => {
    const s = await open({ allowThirdPartyStorage: true });
    const storage = await s.inAdapter(() => {
      try {
        window.localStorage.setItem('probe', '1');
        return window.localStorage.getItem('probe');
      } catch (error) {
        return `blocked: ${(error as Error).message}`;
      }
    });
    expect(storage).toBe('1');
  });
});
