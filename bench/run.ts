/**
 * `npm run bench`: measures the connector against the base library and its budgets,
 * prints a table and writes bench/results.json.
 *
 * @remarks
 * Sections (each figure is ours against a floor measured the same way, interleaved):
 * - bundle: dist/connector.js gzip -9 against the base library's bundle;
 * - core: the pure StatusSyncEngine in a fresh `node --expose-gc` (bench/core.ts);
 * - coldStart, idle, partnerToOmni, omniToPartner: headless Chromium (the browser
 *   tests' launcher), host page on the Salesforce origin, adapter pages iframed from
 *   the connector origin, all cross-origin isolated (bench/server.ts).
 * Timing budgets are reported, not enforced: the exit code is 0 unless the bench itself
 * fails. Only the bundle budget is enforced, in CI (test/bench/bundle-budget.test.ts).
 * Knobs for quick runs: BENCH_SAMPLES, BENCH_COLD_LOADS, BENCH_IDLE_MS.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ensureFreshBuild, staleReason } from '../test/build/dist';
import { CHROMIUM_PATH, STATUS_ID, connectorConfig, launchChromium, sleep } from '../test/browser/harness';
import { BUNDLE_RATIO_BUDGET, measureBundle, type BundleFigures } from './bundle';
import type { BenchHost, PlanOptions, RoundTrips } from './protocol';
import { seededRandom, shuffle } from './random';
import { startBenchServer } from './server';

// bench/.build/run.js → the repository root.
const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results.json');

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const COLD_LOADS = Number(process.env.BENCH_COLD_LOADS ?? 15);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
/** Wait after CONNECTOR_READY before sampling (startup work, JIT, GC settle). */
const SETTLE_MS = 3000;
const SEED = 20240601;
const PLAN: PlanOptions = { samples: SAMPLES, warmup: 200, seed: SEED, quietMs: 2 };

/** Budgets; timing ones are reported only. */
export const BUDGETS = {
  bundleRatio: BUNDLE_RATIO_BUDGET,
  latencyRatioP50: 1.2,
  decisionsPerSec: 1_000_000,
  heapGrowthBytes: 1_000_000,
  wakeupsPerMinute: 0,
} as const;

interface Latency {
  p50Ms: number;
  p99Ms: number;
  floorP50Ms: number;
  floorP99Ms: number;
  ratioP50: number;
  ratioP99: number;
  samples: number;
}

/** bench/results.json: exactly these keys. */
interface Results {
  bundle: BundleFigures;
  partnerToOmni: Latency;
  omniToPartner: Latency;
  core: { decisionsPerSec: number; heapGrowthBytes: number; events: number };
  coldStart: { ms: number; baseMs: number; ratio: number };
  idle: { wakeupsPerMinute: number };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

function latency(trips: RoundTrips): Latency {
  const p50 = percentile(trips.ours, 50);
  const p99 = percentile(trips.ours, 99);
  const f50 = percentile(trips.floor, 50);
  const f99 = percentile(trips.floor, 99);
  return { p50Ms: p50, p99Ms: p99, floorP50Ms: f50, floorP99Ms: f99, ratioP50: p50 / f50, ratioP99: p99 / f99, samples: Math.min(trips.ours.length, trips.floor.length) };
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function runCore(): Results['core'] {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'core.js'), '1000000', String(SEED)], { encoding: 'utf8' });
  const parsed = JSON.parse(out.trim()) as Results['core'];
  return { decisionsPerSec: parsed.decisionsPerSec, heapGrowthBytes: parsed.heapGrowthBytes, events: parsed.events };
}

type Host = { __bench: BenchHost };

async function findFrame(page: Page, urlPart: string): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().includes(urlPart));
    if (frame) return frame;
    await sleep(25);
  }
  throw new Error(`frame ${urlPart} did not appear`);
}

async function coldStart(page: Page, config: Record<string, unknown>): Promise<Results['coldStart']> {
  const random = seededRandom(SEED + 2);
  const order = shuffle([...Array<string>(COLD_LOADS).fill('/index.html'), ...Array<string>(COLD_LOADS).fill('/bench/trivial.html')], random);
  const times: Record<string, number[]> = { '/index.html': [], '/bench/trivial.html': [] };
  // Two loads of each first, not kept: the first loads warm the browser's own caches.
  for (const p of ['/index.html', '/bench/trivial.html', '/index.html', '/bench/trivial.html', ...order]) {
    const ms = await page.evaluate(({ p, c }) => (window as unknown as Host).__bench.coldStart(p, c), { p, c: config });
    times[p]?.push(ms);
    await sleep(100);
  }
  const ms = percentile(times['/index.html']?.slice(2) ?? [], 50);
  const baseMs = percentile(times['/bench/trivial.html']?.slice(2) ?? [], 50);
  return { ms, baseMs, ratio: ms / baseMs };
}

async function idle(page: Page, config: Record<string, unknown>): Promise<Results['idle'] & { counts: unknown }> {
  await page.evaluate(() => (window as unknown as Host).__bench.mount('idle', '/bench/idle.html'));
  await page.evaluate((c) => (window as unknown as Host).__bench.setup('idle', c), config);
  const frame = await findFrame(page, '/bench/idle.html');
  type Probe = { __idle: { reset(): void; total(): number; counts: unknown } };
  await frame.evaluate(() => (window as unknown as Probe).__idle.reset());
  await sleep(IDLE_MS);
  const { total, counts } = await frame.evaluate(() => {
    const probe = (window as unknown as Probe).__idle;
    return { total: probe.total(), counts: probe.counts };
  });
  await page.evaluate(() => (window as unknown as Host).__bench.unmount('idle'));
  return { wakeupsPerMinute: (total * 60_000) / IDLE_MS, counts };
}

async function partnerToOmni(page: Page, config: Record<string, unknown>): Promise<Latency> {
  await page.evaluate(() => (window as unknown as Host).__bench.mount('adapter', '/bench/adapter.html'));
  await page.evaluate((c) => (window as unknown as Host).__bench.setup('adapter', c), config);
  await page.evaluate(() => (window as unknown as Host).__bench.attachControl('adapter'));
  await sleep(SETTLE_MS);
  const trips = await page.evaluate(
    ({ plan, statuses, ids }) => (window as unknown as Host).__bench.partnerToOmni('adapter', plan, statuses, ids),
    { plan: PLAN, statuses: ['AVAILABLE', 'BREAK'], ids: [STATUS_ID.available, STATUS_ID.away] },
  );
  if (process.env.BENCH_DIAG) log(`diagnostics (µs per call, synchronous part): ${JSON.stringify(await diagnose(await findFrame(page, '/bench/adapter.html')))}`);
  await page.evaluate(() => (window as unknown as Host).__bench.unmount('adapter'));
  return latency(trips);
}

/** BENCH_DIAG=1: what the synchronous part of a partner change costs, with and without its parts. */
async function diagnose(frame: Frame): Promise<Record<string, number>> {
  return frame.evaluate(() => {
    type Diag = { __benchPage: import('../src/index').Page };
    const page = (window as unknown as Diag).__benchPage;
    const perCall = (fn: (i: number) => void, n = 1000): number => {
      const start = performance.now();
      for (let i = 0; i < n; i++) fn(i);
      return Math.round(((performance.now() - start) / n) * 1000);
    };
    const toggle = (i: number): void => void page.partner.setPartnerStatus(i % 2 === 0 ? 'BREAK' : 'AVAILABLE');
    const result: Record<string, number> = {};
    result['setPartnerStatus'] = perCall(toggle);
    const big = JSON.stringify(page.status.view());
    result['localStorage.setItem (sync view sized)'] = perCall((i) => localStorage.setItem('bench-probe', big + String(i)));
    localStorage.removeItem('bench-probe');
    result['structuredClone(sync view)'] = perCall(() => void structuredClone(page.status.view()));
    result['status.view() JSON bytes'] = big.length;
    page.control?.detach();
    result['setPartnerStatus without control channel'] = perCall(toggle);
    return result;
  });
}

async function omniToPartner(page: Page, config: Record<string, unknown>): Promise<Latency> {
  // Both frames live side by side on the connector origin (one renderer process), set up
  // alike, and the samples alternate between them in random order: whatever the other
  // frame costs, it costs both paths.
  for (const [id, p] of [['ours', '/index.html'], ['floor', '/bench/trivial.html']] as const) {
    await page.evaluate(({ id, p }) => (window as unknown as Host).__bench.mount(id, p), { id, p });
    await page.evaluate(({ id, c }) => (window as unknown as Host).__bench.setup(id, c), { id, c: config });
  }
  await sleep(SETTLE_MS);
  const trips = await page.evaluate(
    ({ plan, ids }) => (window as unknown as Host).__bench.omniToPartner('ours', 'floor', plan, ids),
    { plan: { ...PLAN, seed: SEED + 1 }, ids: [STATUS_ID.available, STATUS_ID.away] },
  );
  for (const id of ['ours', 'floor']) await page.evaluate((i) => (window as unknown as Host).__bench.unmount(i), id);
  return latency(trips);
}

function fmt(n: number, digits = 3): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function table(r: Results): string {
  const rows: [string, string, string, string][] = [];
  const check = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  rows.push(['bundle gzip -9 (ours / base library)', `${r.bundle.gzBytes} B / ${r.bundle.baseGzBytes} B`, '', '']);
  rows.push(['bundle ratio', fmt(r.bundle.ratio), `≤ ${BUDGETS.bundleRatio}`, check(r.bundle.ratio <= BUDGETS.bundleRatio)]);
  for (const [name, l] of [['partner → Omni', r.partnerToOmni], ['Omni → partner', r.omniToPartner]] as const) {
    rows.push([`${name} p50 ms (ours / floor)`, `${fmt(l.p50Ms)} / ${fmt(l.floorP50Ms)}`, '', '']);
    rows.push([`${name} p99 ms (ours / floor)`, `${fmt(l.p99Ms)} / ${fmt(l.floorP99Ms)}`, '', '']);
    rows.push([`${name} ratio p50 (${l.samples} samples each)`, fmt(l.ratioP50), `≤ ${BUDGETS.latencyRatioP50}`, check(l.ratioP50 <= BUDGETS.latencyRatioP50)]);
    rows.push([`${name} ratio p99`, fmt(l.ratioP99), 'reported', '']);
  }
  rows.push([`core decisions/s (${r.core.events} events)`, Math.round(r.core.decisionsPerSec).toLocaleString('en-US'), `≥ ${BUDGETS.decisionsPerSec.toLocaleString('en-US')}`, check(r.core.decisionsPerSec >= BUDGETS.decisionsPerSec)]);
  rows.push(['core heap growth bytes', r.core.heapGrowthBytes.toLocaleString('en-US'), '< 1,000,000', check(r.core.heapGrowthBytes < BUDGETS.heapGrowthBytes)]);
  rows.push(['cold start ms (ours / base library)', `${fmt(r.coldStart.ms, 1)} / ${fmt(r.coldStart.baseMs, 1)}`, '', '']);
  rows.push(['cold start ratio', fmt(r.coldStart.ratio), 'reported', '']);
  rows.push(['idle timer wake-ups per minute', fmt(r.idle.wakeupsPerMinute, 1), `${BUDGETS.wakeupsPerMinute}`, check(r.idle.wakeupsPerMinute <= BUDGETS.wakeupsPerMinute)]);
  const head: [string, string, string, string] = ['figure', 'value', 'budget', ''];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[head, ...rows].map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]): string => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const stale = staleReason();
  if (stale !== undefined) {
    log(`dist/ was ${stale}: building …`);
    ensureFreshBuild();
  }
  const bundle = measureBundle(ROOT);
  log(`bundle: ${bundle.gzBytes} B gzip -9, ratio ${fmt(bundle.ratio)}`);
  log('core: 1,000,000 events through StatusSyncEngine …');
  const core = runCore();
  log(`core: ${Math.round(core.decisionsPerSec).toLocaleString('en-US')} decisions/s, heap growth ${core.heapGrowthBytes} B`);

  const server = await startBenchServer(ROOT);
  const { context, profileDir } = await launchChromium({ allowThirdPartyStorage: true });
  const errors: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error ${m.location().url}: ${m.text()}`);
    });
    await page.goto(server.hostUrl);
    if (!(await page.evaluate(() => (window as unknown as Host).__bench.isolated()))) {
      throw new Error('the host page is not cross-origin isolated: performance.now() would be coarse');
    }
    const config = connectorConfig();
    log(`cold start: ${COLD_LOADS} loads each, interleaved …`);
    const cold = await coldStart(page, config);
    log(`cold start: ${fmt(cold.ms, 1)} ms vs ${fmt(cold.baseMs, 1)} ms`);
    log(`idle: ${IDLE_MS / 1000} s after CONNECTOR_READY …`);
    const { counts, ...idleFigures } = await idle(page, config);
    log(`idle: ${idleFigures.wakeupsPerMinute} wake-ups/min ${JSON.stringify(counts)}`);
    log(`partner → Omni: ${SAMPLES} + ${SAMPLES} samples, interleaved …`);
    const p2o = await partnerToOmni(page, config);
    log(`Omni → partner: ${SAMPLES} + ${SAMPLES} samples, interleaved …`);
    const o2p = await omniToPartner(page, config);
    const results: Results = { bundle, partnerToOmni: p2o, omniToPartner: o2p, core, coldStart: cold, idle: idleFigures };
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log('');
    log(table(results));
    log('');
    log(`Chromium ${context.browser()?.version() ?? ''}; written ${path.relative(ROOT, RESULTS)}. Timing budgets are reported, not enforced.`);
    if (errors.length > 0) log(`page errors during the run:\n  ${errors.join('\n  ')}`);
  } finally {
    await context.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
