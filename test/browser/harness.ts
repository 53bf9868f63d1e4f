/**
 * Real-browser harness: Debian's Chromium, a local HTTPS server playing both
 * Salesforce (the host page) and the partner's static hosting (the adapter page from
 * dist/), and typed helpers to drive the connector and the simulator.
 *
 * @remarks
 * Two origins on one server: `https://acme.lightning.force.com:PORT` (matches the base
 * library's Salesforce-origin check) serves the host page, and
 * `https://connector.partner.test:PORT` serves dist/ plus the simulator's remote-control
 * page. Chromium maps both names to 127.0.0.1 (`--host-resolver-rules`) and accepts the
 * self-signed certificate made here with openssl. The browser is never downloaded:
 * playwright-core drives `/usr/bin/chromium`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';

/** Where the host page (playing Salesforce) lives. */
export const SALESFORCE_HOST = 'acme.lightning.force.com';
/** Where the adapter page (dist/) lives: a different site from Salesforce. */
export const CONNECTOR_HOST = 'connector.partner.test';
/** Debian's Chromium; the harness never downloads a browser. */
export { CHROMIUM_PATH } from '../support/chromium';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

const ROOT = path.resolve(__dirname, '..', '..');
// SCV_DIST_DIR serves another build (handy when debugging the harness itself).
const DIST = process.env.SCV_DIST_DIR ?? path.join(ROOT, 'dist');
const PAGES = path.join(__dirname, 'pages');

/** The strict policy the adapter page must run under: no inline code, no eval. */
export const STRICT_CSP = "default-src 'self'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** One request the server answered: which host, which path, which status. */
export interface ServedRequest {
  host: string;
  path: string;
  status: number;
}

/** The HTTPS test server and its switches. */
export interface TestServer {
  port: number;
  /** URL of the host page, already pointing at the adapter page. */
  hostUrl: string;
  connectorOrigin: string;
  /** When true, the adapter page is served with `Content-Security-Policy: default-src 'self'`. */
  strictCsp: boolean;
  requests: ServedRequest[];
  close(): Promise<void>;
}

/** Makes a one-day self-signed certificate for both hosts in `dir` (openssl). */
export function makeCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', keyPath, '-out', certPath,
      '-subj', `/CN=${CONNECTOR_HOST}`,
      '-addext', `subjectAltName=DNS:${CONNECTOR_HOST},DNS:${SALESFORCE_HOST}`,
    ],
    { stdio: 'pipe' },
  );
  return { key: fs.readFileSync(keyPath), cert: fs.readFileSync(certPath) };
}

/** Which file answers a path on a host, or undefined for 404. */
function resolveFile(host: string, urlPath: string): string | undefined {
  if (host === SALESFORCE_HOST) {
    if (urlPath === '/' || urlPath === '/host.html') return path.join(PAGES, 'host.html');
    if (urlPath === '/host.js') return path.join(PAGES, 'host.js');
    return undefined;
  }
  if (host === CONNECTOR_HOST) {
    if (urlPath === '/remote.html' || urlPath === '/remote.js') return path.join(PAGES, urlPath.slice(1));
    const name = urlPath.slice(1);
    if (/^[\w.-]+$/.test(name)) {
      const file = path.join(DIST, name);
      return fs.existsSync(file) ? file : undefined;
    }
  }
  return undefined;
}

/** Starts the HTTPS server on a free port of 127.0.0.1 with a fresh self-signed certificate. */
export async function startServer(): Promise<TestServer> {
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-cert-'));
  const { key, cert } = makeCertificate(certDir);
  const requests: ServedRequest[] = [];
  const state = { strictCsp: false };
  const server = https.createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const urlPath = new URL(req.url ?? '/', 'https://x').pathname;
    const file = urlPath === '/favicon.ico' ? undefined : resolveFile(host, urlPath);
    const status = urlPath === '/favicon.ico' ? 204 : file ? 200 : 404;
    requests.push({ host, path: urlPath, status });
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (file) headers['Content-Type'] = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (host === CONNECTOR_HOST && state.strictCsp && urlPath === '/index.html') {
      headers['Content-Security-Policy'] = STRICT_CSP;
    }
    res.writeHead(status, headers);
    res.end(file ? fs.readFileSync(file) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const connectorOrigin = `https://${CONNECTOR_HOST}:${port}`;
  return {
    port,
    connectorOrigin,
    hostUrl: `https://${SALESFORCE_HOST}:${port}/host.html?connector=${encodeURIComponent(connectorOrigin)}`,
    get strictCsp() {
      return state.strictCsp;
    },
    set strictCsp(value: boolean) {
      state.strictCsp = value;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(certDir, { recursive: true, force: true });
      }),
  };
}

/** A message the connector posted over the port, as the host recorded it. */
export interface Received {
  /** Adapter page generation: 0 for the first load, +1 per reload. */
  gen: number;
  type: string;
  payload: unknown;
}

/** A telephony event the connector published (`TELEPHONY_EVENT_DISPATCHED`). */
export interface TelephonyEvent {
  gen: number;
  eventType: string;
  payload: unknown;
}

/** A log entry the connector sent through the base library (`LOG`). */
export interface LogEntry {
  gen: number;
  eventType: string;
  payload: unknown;
  isError: boolean;
}

/** The simulator's STATE message (CONTRACT §4). */
export interface SimState {
  type: 'STATE';
  partnerStatus: string;
  routable: boolean;
  callState: string;
  salesforceStatusId: string | null;
  pending: { direction: string; status: string; statusId?: string } | null;
  syncLog: { at: number; direction: string; from: string | null; to: string; outcome: string; reason: string }[];
}

/** Options for one browser session. */
export interface SessionOptions {
  /**
   * Let the cross-site adapter frame use storage (profile preference
   * `profile.cookie_controls_mode = 0`). Debian's Chromium blocks third-party storage
   * by default, so without this localStorage throws in the adapter frame.
   */
  allowThirdPartyStorage?: boolean;
}

/**
 * One Chromium with a fresh profile, one host page, and helpers to drive the connector.
 *
 * @remarks
 * Every page error and every console error is recorded in {@link errors}; a test that
 * expects some declares them with {@link expectError}, and {@link unexpectedErrors}
 * must be empty at the end.
 */
export class BrowserSession {
  readonly errors: string[] = [];
  private readonly expected: RegExp[] = [];

  private constructor(
    readonly server: TestServer,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
    /** Only the first session of a context closes the browser and removes the profile. */
    private readonly ownsContext = true,
  ) {}

  /**
   * Opens another host page in the same browser context (another console tab of the same
   * agent and profile), with its own adapter frame: a second connector instance.
   */
  async openTab(): Promise<BrowserSession> {
    const page = await this.context.newPage();
    const session = new BrowserSession(this.server, this.context, page, this.profileDir, false);
    page.on('pageerror', (error) => session.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') session.errors.push(`console.error ${message.location().url}: ${message.text()}`);
    });
    await page.goto(this.server.hostUrl);
    await session.frame('remote');
    return session;
  }

  /** Launches Chromium with a fresh profile and opens the host page. */
  static async open(server: TestServer, options: SessionOptions = {}): Promise<BrowserSession> {
    const { context, profileDir } = await launchChromium(options);
    const page = context.pages()[0] ?? (await context.newPage());
    const session = new BrowserSession(server, context, page, profileDir);
    page.on('pageerror', (error) => session.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') session.errors.push(`console.error ${message.location().url}: ${message.text()}`);
    });
    await page.goto(server.hostUrl);
    await session.frame('remote');
    return session;
  }

  /** Declares console or page errors this test provokes on purpose. */
  expectError(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  /** Errors not declared with {@link expectError}. */
  unexpectedErrors(): string[] {
    return this.errors.filter((e) => !this.expected.some((p) => p.test(e)));
  }

  /** The adapter frame or the remote-control frame (waits for it to load). */
  async frame(which: 'adapter' | 'remote'): Promise<Frame> {
    const file = which === 'adapter' ? '/index.html' : '/remote.html';
    const deadline = Date.now() + 10_000;
    for (;;) {
      const frame = this.page.frames().find((f) => f.url().startsWith(this.server.connectorOrigin + file));
      if (frame) {
        await frame.waitForLoadState('load');
        return frame;
      }
      if (Date.now() > deadline) throw new Error(`the ${which} frame did not appear`);
      await sleep(25);
    }
  }

  /** Posts SETUP_CONNECTOR with this config and a fresh MessagePort. */
  async setup(connectorConfig: Record<string, unknown>): Promise<void> {
    await this.page.evaluate((config) => (window as unknown as HostWindow).__setup(config), connectorConfig);
  }

  /** Sets up the connector and waits for CONNECTOR_READY of the current generation. */
  async connect(connectorConfig: Record<string, unknown>): Promise<Received> {
    const gen = await this.generation();
    await this.setup(connectorConfig);
    return this.waitFor(`CONNECTOR_READY (gen ${gen})`, (all) =>
      all.find((m) => m.gen === gen && m.type === 'CONNECTOR_READY'),
    );
  }

  /** Sends a channel message from "Salesforce" to the connector. */
  async send(message: Record<string, unknown>): Promise<void> {
    await this.page.evaluate((m) => (window as unknown as HostWindow).__send(m), message);
  }

  /** Everything received so far. */
  async received(): Promise<Received[]> {
    return this.page.evaluate(() => (window as unknown as HostWindow).__received);
  }

  /** Current adapter-page generation. */
  async generation(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as HostWindow).__generation);
  }

  /** Telephony events published so far (optionally of one type). */
  async events(eventType?: string): Promise<TelephonyEvent[]> {
    return toEvents(await this.received()).filter((e) => eventType === undefined || e.eventType === eventType);
  }

  /** Log entries so far. */
  async logs(): Promise<LogEntry[]> {
    return toLogs(await this.received());
  }

  /** Polls what the host received until `pick` returns something (or times out). */
  async waitFor<T>(what: string, pick: (all: Received[]) => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.received();
      const found = pick(all);
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const types = all.map((m) => (m.type === 'LOG' ? `LOG:${(m.payload as { eventType?: string }).eventType}` : m.type));
        throw new Error(`timed out waiting for ${what}; received: ${types.join(', ')}; errors: ${this.errors.join(' | ')}`);
      }
      await sleep(25);
    }
  }

  /** Waits for a telephony event of this type, published after `after` events of that type. */
  async waitForEvent(eventType: string, after = 0, timeoutMs = 10_000): Promise<TelephonyEvent> {
    return this.waitFor(`${eventType} #${after + 1}`, (all) => toEvents(all).filter((e) => e.eventType === eventType)[after], timeoutMs);
  }

  /** Sends a command to the simulator over its BroadcastChannel. */
  async sim(command: Record<string, unknown>): Promise<void> {
    const remote = await this.frame('remote');
    await remote.evaluate((c) => (window as unknown as RemoteWindow).__simSend(c), command);
  }

  /** Asks the simulator for its STATE (null if it does not answer). */
  async simState(): Promise<SimState | null> {
    const remote = await this.frame('remote');
    return remote.evaluate(() => (window as unknown as RemoteWindow).__simState(2000));
  }

  /** Polls the simulator's STATE until `accept` holds (or times out). */
  async waitForSim(what: string, accept: (s: SimState) => boolean, timeoutMs = 10_000): Promise<SimState> {
    const deadline = Date.now() + timeoutMs;
    let last: SimState | null = null;
    for (;;) {
      last = await this.simState();
      if (last && accept(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for simulator ${what}; last STATE: ${JSON.stringify(last)}`);
      await sleep(50);
    }
  }

  /** Reloads the adapter page (a fresh page load; call {@link connect} again afterwards). */
  async reloadAdapter(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as HostWindow).__reloadAdapter());
  }

  /** Runs code inside the adapter frame (e.g. to probe storage). */
  async inAdapter<R>(fn: () => R): Promise<R> {
    const frame = await this.frame('adapter');
    return frame.evaluate(fn);
  }

  async close(): Promise<void> {
    if (!this.ownsContext) {
      if (!this.page.isClosed()) await this.page.close();
      return;
    }
    await this.context.close();
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** A Chromium launched by {@link launchChromium}; remove `profileDir` after closing `context`. */
export interface LaunchedChromium {
  context: BrowserContext;
  profileDir: string;
}

/**
 * Launches Debian's Chromium headless with a fresh profile, both test hosts mapped to
 * 127.0.0.1 and the self-signed certificate accepted.
 *
 * @remarks Used by {@link BrowserSession.open}, and by the benchmarks (bench/) with their own pages.
 */
export async function launchChromium(options: SessionOptions = {}): Promise<LaunchedChromium> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-chromium-'));
  if (options.allowThirdPartyStorage) {
    fs.mkdirSync(path.join(profileDir, 'Default'), { recursive: true });
    fs.writeFileSync(
      path.join(profileDir, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
    );
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      ...CHROMIUM_ARGS,
      '--ignore-certificate-errors',
      `--host-resolver-rules=MAP ${SALESFORCE_HOST} 127.0.0.1, MAP ${CONNECTOR_HOST} 127.0.0.1`,
    ],
  });
  return { context, profileDir };
}

interface HostWindow {
  __setup(config: Record<string, unknown>): Promise<void>;
  __send(message: Record<string, unknown>): void;
  __reloadAdapter(): Promise<void>;
  __received: Received[];
  __generation: number;
}

interface RemoteWindow {
  __simSend(command: Record<string, unknown>): void;
  __simState(timeoutMs: number): Promise<SimState | null>;
}

/** Telephony events among the received messages. */
export function toEvents(all: Received[]): TelephonyEvent[] {
  return all
    .filter((m) => m.type === 'TELEPHONY_EVENT_DISPATCHED')
    .map((m) => {
      const p = m.payload as { telephonyEventType: string; telephonyEventPayload: unknown };
      return { gen: m.gen, eventType: p.telephonyEventType, payload: p.telephonyEventPayload };
    });
}

/** Log entries among the received messages. */
export function toLogs(all: Received[]): LogEntry[] {
  return all
    .filter((m) => m.type === 'LOG')
    .map((m) => {
      const p = m.payload as { eventType: string; payload: unknown; isError: boolean };
      return { gen: m.gen, eventType: p.eventType, payload: p.payload, isError: p.isError };
    });
}

/** Resolves after `ms` of real time (the browser runs on real time). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Presence statuses as Salesforce sends them: a JSON string, booleans as strings. */
export const PRESENCE_STATUSES = {
  '0': { statusName: 'Offline', hasChannels: 'false', isOffline: 'true', statusId: '0' },
  '0N5xx0000004CSO': { statusName: 'Available', hasChannels: 'true', isOffline: 'false', statusId: '0N5xx0000004CSO' },
  '0N5xx0000004D56': { statusName: 'Away', hasChannels: 'false', isOffline: 'false', statusId: '0N5xx0000004D56' },
  '0N5xx0000004D3U': { statusName: 'Busy', hasChannels: 'false', isOffline: 'false', statusId: '0N5xx0000004D3U' },
} as const;

/** Status ids of {@link PRESENCE_STATUSES} by name. */
export const STATUS_ID = {
  offline: '0',
  available: '0N5xx0000004CSO',
  away: '0N5xx0000004D56',
  busy: '0N5xx0000004D3U',
} as const;

/** A connectorConfig like the one Salesforce posts, with the status-sync keys. */
export function connectorConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userPresenceStatuses: JSON.stringify(PRESENCE_STATUSES),
    '/statusSync/statusMap': 'Available=AVAILABLE; Away=BREAK; Busy=MEETING',
    '/statusSync/onCallPolicy': 'ignore',
    ...overrides,
  };
}
