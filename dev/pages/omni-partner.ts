/**
 * The Omni emulator's partner settings: `/partner/mode` and `/partner/url` (CONTRACT §3),
 * sent with SETUP_CONNECTOR.
 *
 * @remarks
 * Their first values come from the page's query (`?partner=remote&url=ws://…`), so a
 * bookmark opens an agent's emulator in remote mode. Two agents need two origins (each
 * its own storage, so each its own partner session): `npm start` answers on
 * `127.0.0.1` and on `localhost` (see `dev/server.js`).
 */
import { byId } from './dom';

/** The reference partner server's WebSocket URL as `npm run partner-server` prints it. */
export const DEFAULT_PARTNER_URL = 'ws://127.0.0.1:8090/ws';

const ui = {
  mode: byId('partner-mode', HTMLSelectElement),
  url: byId('partner-url', HTMLInputElement),
};

const query = new URLSearchParams(window.location.search);
ui.mode.value = query.get('partner') === 'remote' ? 'remote' : 'embedded';
ui.url.value = query.get('url') ?? DEFAULT_PARTNER_URL;
const showUrl = (): void => {
  ui.url.disabled = ui.mode.value !== 'remote';
};
ui.mode.addEventListener('change', showUrl);
showUrl();

/** The partner keys of the config: the URL only in remote mode. */
export function partnerConfig(): Record<string, string> {
  return ui.mode.value === 'remote' ? { '/partner/mode': 'remote', '/partner/url': ui.url.value.trim() } : { '/partner/mode': 'embedded' };
}
