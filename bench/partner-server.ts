/**
 * The partner server section of `npm run bench`: the real server process and a bare `ws`
 * push server side by side (children of the bench), each holding the same number of
 * agent WebSockets on loopback, driven at the same rate with interleaved samples.
 *
 * @remarks
 * One sample of ours: an admin `SET_PARTNER_STATUS` (HTTP POST) until the agent's
 * WebSocket client receives the `statusChanged` event. The floor, measured the same way:
 * an HTTP POST to the bare server, which sends one frame to that agent's WebSocket.
 * Goal: p99 ≤ 2× the floor's p99 (reported, not enforced). Also reported: the server's
 * RSS per connected agent and the database and WAL sizes after the run.
 * Knobs: BENCH_SERVER_AGENTS (500), BENCH_SERVER_SECONDS (60), BENCH_SERVER_RATE (50 per
 * second).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const AGENTS = Number(process.env.BENCH_SERVER_AGENTS ?? 500);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_SERVER_RATE ?? 50);
const TOKEN = 'bench-admin-token';
const ORIGIN = 'http://bench.invalid';
/** p99 goal: ours at most this many times the bare push. */
export const SERVER_P99_RATIO_GOAL = 2;

/** What the section reports. */
export interface PartnerServerFigures {
  readonly agents: number;
  readonly seconds: number;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly floorP50Ms: number;
  readonly floorP99Ms: number;
  readonly ratioP99: number;
  readonly rssPerAgentBytes: number;
  readonly dbBytes: number;
  readonly walBytes: number;
  readonly lost: number;
}

// The floor: HTTP POST /push/{agent} sends the body as one frame to that agent's socket.
const BARE_SERVER = `
const http = require('node:http');
const { WebSocketServer } = require('ws');
const sockets = new Map();
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const ws = sockets.get(decodeURIComponent(req.url.split('/')[2] || ''));
    if (ws) ws.send(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(ws ? 200 : 404, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => ws.once('message', (m) => { const agent = String(m); sockets.set(agent, ws); ws.send('{"type":"ready"}'); }));
server.listen(0, '127.0.0.1', () => console.log('ws://127.0.0.1:' + server.address().port + '/ws'));
`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}

async function startChild(args: readonly string[], root: string): Promise<{ child: ChildProcess; wsUrl: string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += String(d);
  });
  const end = Date.now() + 180_000;
  for (;;) {
    const url = /ws:\/\/127\.0\.0\.1:\d+\/ws/.exec(out)?.[0];
    if (url) return { child, wsUrl: url };
    if (child.exitCode !== null || Date.now() > end) throw new Error(`child ${args.slice(0, 2).join(' ')} did not start`);
    await sleep(50);
  }
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: ORIGIN });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Runs the section; logs progress and a table; returns the figures. */
export async function runPartnerServerSection(root: string, log: (line: string) => void): Promise<PartnerServerFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-server-bench-'));
  const db = path.join(dir, 'bench.sqlite');
  const agentsFile = path.join(dir, 'agents.json');
  const agents = Array.from({ length: AGENTS }, (_v, i) => ({ id: `b${i}`, username: `bench${i}`, password: `bench-pass-${i}`, extension: String(100000 + i) }));
  fs.writeFileSync(agentsFile, JSON.stringify(agents));
  log(`partner server: ${AGENTS} agents, ${RATE} status changes/s for ${SECONDS} s, against a bare ws push …`);
  const ours = await startChild([path.join(root, 'scripts', 'partner-server.js'), '--port', '0', '--db', db, '--agents', agentsFile, '--admin-token', TOKEN, '--origin', ORIGIN], root);
  const bare = await startChild(['-e', BARE_SERVER], root);
  const sockets: WebSocket[] = [];
  try {
    const httpOurs = ours.wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
    const httpBare = bare.wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
    // RSS per agent: the growth between half and all of the agents connected, so the
    // start-up peak (password hashing, compiling) is not counted.
    let rssHalf = NaN;
    const waiters = new Map<string, () => void>();
    const arrived = (key: string): void => {
      const done = waiters.get(key);
      waiters.delete(key);
      done?.();
    };
    // Log every agent in, a few at a time (each login is one scrypt on the server).
    for (let i = 0; i < AGENTS; i += 10) {
      if (i === Math.floor(AGENTS / 20) * 10) {
        await sleep(1000);
        rssHalf = rssBytes(ours.child.pid ?? 0);
      }
      await Promise.all(
        agents.slice(i, i + 10).map(async (a) => {
          const ws = await open(ours.wsUrl);
          sockets.push(ws);
          const ready = new Promise<void>((resolve) => waiters.set(`ours:${a.id}:ready`, resolve));
          ws.on('message', (data: Buffer) => {
            const m = JSON.parse(data.toString('utf8')) as { type: string; event?: { type: string; status?: string } };
            if (m.type === 'snapshot') arrived(`ours:${a.id}:ready`);
            if (m.type === 'event' && m.event?.type === 'statusChanged') arrived(`ours:${a.id}:${m.event.status ?? ''}`);
          });
          ws.send(JSON.stringify({ type: 'login', id: 'login', username: a.username, password: a.password }));
          await ready;
          const wsBare = await open(bare.wsUrl);
          sockets.push(wsBare);
          const bareReady = new Promise<void>((resolve) => waiters.set(`bare:${a.id}:ready`, resolve));
          wsBare.on('message', (data: Buffer) => {
            const m = JSON.parse(data.toString('utf8')) as { type: string; status?: string };
            arrived(m.type === 'ready' ? `bare:${a.id}:ready` : `bare:${a.id}:${m.status ?? ''}`);
          });
          wsBare.send(a.id);
          await bareReady;
        }),
      );
    }
    await sleep(1000);
    const halfCount = Math.floor(AGENTS / 20) * 10;
    const rssPerAgentBytes = (rssBytes(ours.child.pid ?? 0) - rssHalf) / (AGENTS - halfCount);
    log(`partner server: ${AGENTS} agents connected, ${(rssPerAgentBytes / 1024).toFixed(1)} KiB RSS per agent`);

    const oursMs: number[] = [];
    const floorMs: number[] = [];
    const toggles = new Map<string, number>();
    let lost = 0;
    const sample = async (kind: 'ours' | 'bare', agentId: string, status: string): Promise<void> => {
      const key = `${kind}:${agentId}:${status}`;
      const start = performance.now();
      const received = new Promise<boolean>((resolve) => {
        waiters.set(key, () => resolve(true));
        setTimeout(() => resolve(false), 5000).unref();
      });
      const request =
        kind === 'ours'
          ? fetch(`${httpOurs}/admin/agents/${agentId}/commands`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ type: 'SET_PARTNER_STATUS', status }) })
          : fetch(`${httpBare}/push/${agentId}`, { method: 'POST', body: JSON.stringify({ type: 'event', status }) });
      const [ok] = await Promise.all([received, request.then((r) => r.arrayBuffer())]);
      if (!ok) {
        waiters.delete(key);
        lost += 1;
        return;
      }
      (kind === 'ours' ? oursMs : floorMs).push(performance.now() - start);
    };
    const inFlight: Promise<void>[] = [];
    const interval = 1000 / RATE;
    const started = performance.now();
    for (let n = 0; performance.now() - started < SECONDS * 1000; n += 1) {
      const agent = agents[(n * 7919) % AGENTS];
      if (!agent) break;
      const t = (toggles.get(agent.id) ?? 0) + 1;
      toggles.set(agent.id, t);
      const status = t % 2 === 1 ? 'AVAILABLE' : 'BREAK';
      // Interleaved: ours and the floor alternate which goes first.
      const pair = n % 2 === 0 ? [sample('ours', agent.id, status), sample('bare', agent.id, status)] : [sample('bare', agent.id, status), sample('ours', agent.id, status)];
      inFlight.push(...pair);
      const next = started + (n + 1) * interval;
      await sleep(Math.max(0, next - performance.now()));
    }
    await Promise.all(inFlight);
    const dbBytes = fs.statSync(db).size;
    const walBytes = fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0;
    const figures: PartnerServerFigures = {
      agents: AGENTS,
      seconds: SECONDS,
      samples: Math.min(oursMs.length, floorMs.length),
      p50Ms: percentile(oursMs, 50),
      p99Ms: percentile(oursMs, 99),
      floorP50Ms: percentile(floorMs, 50),
      floorP99Ms: percentile(floorMs, 99),
      ratioP99: percentile(oursMs, 99) / percentile(floorMs, 99),
      rssPerAgentBytes,
      dbBytes,
      walBytes,
      lost,
    };
    const ok = figures.ratioP99 <= SERVER_P99_RATIO_GOAL ? 'PASS' : 'MISS';
    log(`| partner server (${figures.samples} samples each, ${AGENTS} agents) | ours | bare ws push |`);
    log(`| --- | --- | --- |`);
    log(`| admin command → agent event p50 ms | ${figures.p50Ms.toFixed(2)} | ${figures.floorP50Ms.toFixed(2)} |`);
    log(`| admin command → agent event p99 ms | ${figures.p99Ms.toFixed(2)} | ${figures.floorP99Ms.toFixed(2)} |`);
    log(`| p99 ratio (goal ≤ ${SERVER_P99_RATIO_GOAL}) | ${figures.ratioP99.toFixed(2)} ${ok} | |`);
    log(`| server RSS per connected agent | ${(rssPerAgentBytes / 1024).toFixed(1)} KiB | |`);
    log(`| database / WAL after the run | ${(dbBytes / 1024).toFixed(0)} KiB / ${(walBytes / 1024).toFixed(0)} KiB | |`);
    if (lost > 0) log(`| samples without an event within 5 s | ${lost} | |`);
    fs.writeFileSync(path.join(root, 'bench', 'partner-server-results.json'), `${JSON.stringify(figures, null, 2)}\n`);
    return figures;
  } finally {
    for (const ws of sockets) ws.terminate();
    ours.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await sleep(200);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
