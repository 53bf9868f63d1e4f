/**
 * The partner server's address from the call center's configuration (CONTRACT §3):
 * `/partner/url`, `ws:` only for a loopback host (a developer's machine), `wss:` otherwise.
 */
import { PartnerError } from '../partner-telephony';

/** The config key of the server's WebSocket URL. */
export const PARTNER_URL_KEY = '/partner/url';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The checked URL; rejects a missing, malformed or unencrypted non-loopback one with a clear `PartnerError`. */
export function serverUrlOf(config: Readonly<Record<string, unknown>>): string {
  const raw = config[PARTNER_URL_KEY];
  const refuse = (why: string): never => {
    throw new PartnerError(`${PARTNER_URL_KEY} ${why}; expected the partner server's WebSocket URL, e.g. wss://partner.example.com/ws`, 'UNAVAILABLE');
  };
  if (typeof raw !== 'string' || raw.trim() === '') return refuse('is missing');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse('is not a URL');
  }
  if (url.protocol === 'ws:' && !LOOPBACK.test(url.hostname)) return refuse('uses ws: for a host that is not loopback (use wss:)');
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return refuse('must start with wss: (or ws: for a loopback host)');
  return url.href;
}
