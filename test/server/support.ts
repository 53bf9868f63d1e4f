/**
 * Helpers for the partner server's tests: a real server on 127.0.0.1 port 0 over a real
 * SQLite file in a temp folder, `ws` clients that speak the protocol, and the admin API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { LogEntry } from '../../server/log';
import { createLogger } from '../../server/log';
import type { AgentSeed } from '../../server/options';
import type { ServerMessage } from '../../src/partner/wire/messages';
import { startPartnerServer, type PartnerServerOptions, type RunningPartnerServer } from '../../server/partner-server';

/**
 * Parsed JSON from the server as the tests read it: loosely typed on purpose, so a test
 * reads the wire the way an outside client would (the shapes are asserted, not assumed).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

const ROOT = path.resolve(__dirname, '..', '..');

export const ADMIN_TOKEN = 'test-admin-token-0123';
export const ORIGIN = 'http://console.test:8080';

export const AGENTS: readonly AgentSeed[] = [
  { id: 'a1', username: 'alice', password: 'alice-secret-pw', extension: '2001' },
  { id: 'a2', username: 'bob', password: 'bob-secret-pw', extension: '2002' },
  { id: 'a3', username: 'carol', password: 'carol-secret-pw', extension: '2003' },
];

/** A fresh temp folder (removed by the caller's afterAll through `removeTemp`). */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'partner-server-test-'));
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A started test server and everything it logged. */
export interface TestServer extends RunningPartnerServer {
  readonly logs: LogEntry[];
  readonly dbFile: string;
}

/** Starts a server on port 0 over `dir/partner.sqlite`. */
export async function startTestServer(dir: string, overrides: Partial<PartnerServerOptions> = {}): Promise<TestServer> {
  const logs: LogEntry[] = [];
  const dbFile = path.join(dir, 'partner.sqlite');
  const server = await startPartnerServer({
    port: 0,
    db: dbFile,
    agents: AGENTS,
    adminToken: ADMIN_TOKEN,
    origins: [ORIGIN],
    ringTimeoutMs: 20_000,
    log: createLogger((e) => logs.push(e)),
    ...overrides,
  });
  return Object.assign(server, { logs, dbFile });
}

/** Calls the admin API; returns status and JSON body. */
export async function admin(server: { httpUrl: string }, method: 'GET' | 'POST', urlPath: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: Wire }> {
  const response = await fetch(`${server.httpUrl}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

/** The agent's state through the admin API. */
export async function stateOf(server: { httpUrl: string }, agentId: string): Promise<Wire> {
  const { status, body } = await admin(server, 'GET', `/admin/agents/${agentId}/state`);
  expect(status).toBe(200);
  return body;
}

/** Polls `check` until it returns a truthy value (or fails after `ms`). */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw last instanceof Error ? last : new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A protocol client over a real `ws` connection. */
export class TestClient {
  readonly messages: Wire[] = [];
  private nextId = 1;
  private closedWith: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.messages.push(JSON.parse(data.toString('utf8'))));
    ws.on('close', (code) => {
      this.closedWith = code;
    });
  }

  static open(server: { wsUrl: string }, origin: string = ORIGIN): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(server.wsUrl, { origin });
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Logs in as an agent and waits for the snapshot. */
  static async login(server: { wsUrl: string }, username: string, password: string): Promise<TestClient> {
    const client = await TestClient.open(server);
    const answer = await client.request({ type: 'login', username, password });
    if (!answer.ok) throw new Error(`login failed: ${JSON.stringify(answer.error)}`);
    await client.next((m) => m.type === 'snapshot');
    return client;
  }

  get closeCode(): number | null {
    return this.closedWith;
  }

  /** Sends a raw frame. */
  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Sends a message with a fresh id and waits for its answer (or error). */
  async request(message: Record<string, unknown>): Promise<Wire> {
    const id = `m${this.nextId++}`;
    this.ws.send(JSON.stringify({ ...message, id }));
    return this.next((m) => (m.type === 'answer' || m.type === 'error' || m.type === 'pong') && m.id === id);
  }

  /** Sends a command and returns its answer. */
  command(name: string, args: Record<string, unknown> = {}): Promise<Wire> {
    return this.request({ type: 'command', name, args });
  }

  /** Waits for the first received message (past or future) matching `match`. */
  next(match: (m: Wire) => boolean, ms = 5000): Promise<Wire> {
    return eventually(() => this.messages.find(match), ms);
  }

  /** Events received so far (in arrival order). */
  events(): Wire[] {
    return this.messages.filter((m: ServerMessage) => m.type === 'event');
  }

  /** The agent as this client's mirror sees it: the last snapshot or event state. */
  mirror(): Wire {
    const last = [...this.messages].reverse().find((m) => m.type === 'event' || m.type === 'snapshot');
    return last?.state;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** The real server process, as `npm run partner-server` starts it. */
export class ServerProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private constructor(readonly child: ChildProcess) {}

  static async start(args: readonly string[]): Promise<{ proc: ServerProcess; httpUrl: string; wsUrl: string }> {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'partner-server.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new ServerProcess(child);
    child.stdout?.on('data', (d: Buffer) => proc.stdout.push(String(d)));
    child.stderr?.on('data', (d: Buffer) => proc.stderr.push(String(d)));
    const wsUrl = await eventually(() => /ws:\/\/127\.0\.0\.1:\d+\/ws/.exec(proc.stdout.join(''))?.[0] ?? '', 20_000);
    return { proc, wsUrl, httpUrl: wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '') };
  }

  kill9(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}
