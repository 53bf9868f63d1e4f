/**
 * Dev-only entry for `npm start`: the real connector bootstrap plus a relay that lets
 * the local Omni emulator set the connector up.
 *
 * @remarks
 * The base library accepts `SETUP_CONNECTOR` only from a Salesforce origin, and the
 * emulator runs on `http://localhost`. The relay accepts a `DEV_SETUP_CONNECTOR`
 * message instead, only when ALL of these hold:
 * - it comes from this frame's parent window;
 * - the parent's origin is this page's own origin (the dev server);
 * - that origin is a loopback host (`localhost`, `127.0.0.1`, `[::1]`);
 * - it carries a `MessagePort`, and it is the first one since the page loaded.
 *
 * It then re-dispatches it to the base library as a `SETUP_CONNECTOR` whose `origin`
 * is a name the library's Salesforce check accepts. The marker below is searched for
 * by `test/dev/dev-entry-not-in-bundle.test.ts` to prove this file never reaches
 * `dist/connector.js`; only `dev/webpack.dev.config.js` builds it.
 */
import '../src/main';

/** Unique marker proving (by its absence) that the relay is not in the production bundle. */
export const DEV_RELAY_MARKER = 'DEV_ONLY_SETUP_RELAY';

/** The message type the emulator posts in place of `SETUP_CONNECTOR`. */
export const DEV_SETUP_TYPE = 'DEV_SETUP_CONNECTOR';

/** Posted to the parent once the connector is registered and can be set up. */
export const DEV_LOADED_TYPE = 'DEV_CONNECTOR_LOADED';

/** An origin the base library's Salesforce-domain check accepts. */
const STAND_IN_SALESFORCE_ORIGIN = 'https://localhost.lightning.force.com';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

interface DevSetupMessage {
  type: typeof DEV_SETUP_TYPE;
  connectorConfig: Record<string, unknown>;
}

function isDevSetupMessage(data: unknown): data is DevSetupMessage {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as { type?: unknown; connectorConfig?: unknown };
  return (
    candidate.type === DEV_SETUP_TYPE &&
    typeof candidate.connectorConfig === 'object' &&
    candidate.connectorConfig !== null
  );
}

/** Why a DEV_SETUP_CONNECTOR is refused, or null when it may be relayed. */
function refusal(event: MessageEvent, win: Window, alreadyRelayed: boolean): string | null {
  if (alreadyRelayed) return 'already set up (reload the frame to set up again)';
  if (win.parent === win || event.source !== win.parent) return 'not from the parent frame';
  if (event.origin !== win.location.origin) return `origin ${event.origin} is not the dev server's`;
  if (!LOOPBACK_HOSTS.has(win.location.hostname)) return 'the dev relay only works on a loopback host';
  if (event.ports.length === 0) return 'no MessagePort';
  return null;
}

function installSetupRelay(win: Window): void {
  let relayed = false;
  win.addEventListener('message', (event: MessageEvent) => {
    if (!isDevSetupMessage(event.data)) return;
    const why = refusal(event, win, relayed);
    if (why !== null) {
      // The dev page's own console, not the connector log: there is no port yet.
      console.warn(`[${DEV_RELAY_MARKER}] ${DEV_SETUP_TYPE} refused: ${why}`);
      return;
    }
    relayed = true;
    const port = event.ports[0] as MessagePort;
    win.dispatchEvent(
      new MessageEvent('message', {
        data: { type: 'SETUP_CONNECTOR', connectorConfig: event.data.connectorConfig },
        origin: STAND_IN_SALESFORCE_ORIGIN,
        ports: [port],
      }),
    );
  });

  // src/main.ts registers the connector on `load`; its listener was added first (the
  // import above), so by the time this one runs the connector is listening.
  const announce = (): void => {
    if (win.parent !== win) win.parent.postMessage({ type: DEV_LOADED_TYPE }, win.location.origin);
  };
  if (win.document.readyState === 'complete') setTimeout(announce, 0);
  else win.addEventListener('load', () => setTimeout(announce, 0), { once: true });
  win.document.documentElement.dataset['devRelay'] = DEV_RELAY_MARKER;
}

installSetupRelay(window);
