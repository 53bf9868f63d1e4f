/**
 * Debian's Chromium, as every browser test launches it: never a downloaded browser, and
 * without the background networking this machine's closed network would refuse.
 */
import * as fs from 'node:fs';

/** `/usr/bin/chromium` (Debian's package), or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet headless Chromium running as root in a sandboxless container. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws a clear message when Chromium is not installed. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
}
