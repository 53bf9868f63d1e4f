/**
 * The partner server's command line (CONTRACT §8):
 * `npm run partner-server -- [--port N] [--db FILE] [--agents FILE] [--admin-token T]
 * [--origin URL]… [--ring-timeout-ms N]`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Port when `--port` is not given. */
export const DEFAULT_PORT = 8090;

/** Database file when `--db` is not given (relative to the working directory). */
export const DEFAULT_DB = path.join('.data', 'partner-server.sqlite');

/** How long a queued call rings for one agent before it returns to the queue. */
export const DEFAULT_RING_TIMEOUT_MS = 20_000;

/**
 * Page origins allowed to open a WebSocket when no `--origin` is given: the local
 * stand-in for Salesforce (`npm start`) and Salesforce's own Lightning and Visualforce
 * hosts (a leading `*.` matches any subdomain).
 */
export const DEFAULT_ORIGINS: readonly string[] = [
  'http://127.0.0.1:8080',
  'http://localhost:8080',
  'https://*.lightning.force.com',
  'https://*.my.salesforce.com',
  'https://*.vf.force.com',
  'https://*.my.salesforce-sites.com',
];

/** One agent of `--agents`. */
export interface AgentSeed {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  /** The number other agents dial to transfer to this one; default `1001`, `1002` … by position. */
  readonly extension: string;
}

/**
 * The demo agents seeded without `--agents` (their passwords are in the README; they
 * are for a laptop demo, never for a reachable server).
 */
export const DEMO_AGENTS: readonly AgentSeed[] = [
  { id: 'agent1', username: 'agent1', password: 'agent1-demo-pass', extension: '1001' },
  { id: 'agent2', username: 'agent2', password: 'agent2-demo-pass', extension: '1002' },
];

/** Everything the server is started with. */
export interface ServerOptions {
  readonly port: number;
  readonly db: string;
  readonly agents: readonly AgentSeed[];
  /** `null`: a random token is made and written next to the database. */
  readonly adminToken: string | null;
  readonly origins: readonly string[];
  readonly ringTimeoutMs: number;
}

/** Reads the command line; throws an `Error` with a message for the user on bad input. */
export function parseOptions(argv: readonly string[]): ServerOptions {
  let port = DEFAULT_PORT;
  let db = DEFAULT_DB;
  let agents: readonly AgentSeed[] = DEMO_AGENTS;
  let adminToken: string | null = null;
  let ringTimeoutMs = DEFAULT_RING_TIMEOUT_MS;
  const origins: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      i += 1;
      return v;
    };
    switch (flag) {
      case '--port':
        port = wholeNumber(value(), '--port', 0, 65535);
        break;
      case '--db':
        db = value();
        break;
      case '--agents':
        agents = readAgents(value());
        break;
      case '--admin-token':
        adminToken = value();
        if (adminToken.length < 8) throw new Error('--admin-token must be at least 8 characters');
        break;
      case '--origin':
        origins.push(checkOrigin(value()));
        break;
      case '--ring-timeout-ms':
        ringTimeoutMs = wholeNumber(value(), '--ring-timeout-ms', 1, 600_000);
        break;
      default:
        throw new Error(`unknown option ${String(flag)}; expected --port, --db, --agents, --admin-token, --origin, --ring-timeout-ms`);
    }
  }
  return { port, db, agents, adminToken, origins: origins.length > 0 ? origins : DEFAULT_ORIGINS, ringTimeoutMs };
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}`);
  return n;
}

function checkOrigin(text: string): string {
  if (!/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(text)) throw new Error(`--origin must look like https://host[:port] (a leading *. allowed), not ${text}`);
  return text.toLowerCase();
}

/** Reads and checks an agents file: a JSON list of `{id, username, password, extension?}`. */
export function readAgents(file: string): AgentSeed[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--agents ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`--agents ${file}: expected a non-empty JSON list of {id, username, password}`);
  const seen = new Set<string>();
  return raw.map((entry: unknown, i): AgentSeed => {
    const e = entry as Partial<Record<keyof AgentSeed, unknown>> | null;
    const ok = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
    if (!e || !ok(e.id, 64) || !/^[A-Za-z0-9_.-]+$/.test(e.id) || !ok(e.username, 128) || !ok(e.password, 1024)) {
      throw new Error(`--agents ${file}: entry ${i} needs id (letters, digits, _ . -), username and password strings`);
    }
    const extension = e.extension === undefined ? String(1001 + i) : e.extension;
    if (typeof extension !== 'string' || !/^\d{3,15}$/.test(extension)) throw new Error(`--agents ${file}: entry ${i} extension must be 3-15 digits`);
    for (const key of [`id:${e.id}`, `username:${e.username}`, `extension:${extension}`]) {
      if (seen.has(key)) throw new Error(`--agents ${file}: duplicate ${key.split(':')[0] ?? ''} in entry ${i}`);
      seen.add(key);
    }
    return { id: e.id, username: e.username, password: e.password, extension };
  });
}

/** Whether a page origin is on the allow-list (`*.` entries match any subdomain). */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return false;
  const o = origin.toLowerCase();
  return allowed.some((entry) => {
    const star = entry.indexOf('://*.');
    if (star < 0) return entry === o;
    const scheme = entry.slice(0, star + 3);
    const suffix = entry.slice(star + 4);
    return o.startsWith(scheme) && o.slice(scheme.length).endsWith(suffix) && o.length > scheme.length + suffix.length;
  });
}
