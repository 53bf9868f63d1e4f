/**
 * `npm run bench`: measures the connector against the base library and its budgets,
 * repeats the noisy figures, prints a table, writes bench/results.json and regenerates
 * the README's Performance table.
 *
 * @remarks
 * Sections (each figure is ours against a floor measured the same way, interleaved):
 * - bundle: dist/connector.js gzip -9 against the base library's bundle (exact);
 * - core: the pure StatusSyncEngine in a fresh `node --expose-gc` (bench/core.ts), once per run;
 * - partnerToOmni, omniToPartner: BENCH_RUNS runs (default 5), each on a fresh pair of
 *   frames, ours and the floor interleaved within the run so that load hits both; the
 *   table gives the median and the min – max of the runs;
 * - coldStart, idle: once (headless Chromium, host page on the Salesforce origin,
 *   adapter pages iframed from the connector origin, all cross-origin isolated);
 * - partner server: the real server process against a bare `ws` push server
 *   (bench/partner-server.ts; its figures go to bench/partner-server-results.json).
 * Timing budgets are reported, not enforced: the exit code is 0 unless the bench itself
 * fails. Only the bundle budget is enforced, in CI (test/bench/bundle-budget.test.ts).
 *
 * Knobs: BENCH_RUNS, BENCH_SAMPLES (per run and path), BENCH_COLD_LOADS, BENCH_IDLE_MS;
 * BENCH_README=0 leaves README.md alone (for quick runs); BENCH_DIAG=1 adds what the
 * synchronous part of one partner change costs; BENCH_PROFILE=1 only profiles the round
 * trips (bench/profile.ts) and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { ensureFreshBuild, staleReason } from '../test/build/dist';
import { CHROMIUM_PATH, STATUS_ID, connectorConfig, launchChromium, sleep } from '../test/browser/harness';
import { BUNDLE_RATIO_BUDGET, measureBundle } from './bundle';
import type { CoreFigures } from './core';
import { formatProfile, moduleLines, summarizeProfile, type CpuProfile, type ProfileSummary } from './profile';
import type { BenchHost, PlanOptions, RoundTrips } from './protocol';
import { seededRandom, shuffle } from './random';
import { latency, percentile, readmeSection, replaceSection, spread, summarizeLatency, table, type Latency, type Results } from './report';
import { startBenchServer } from './server';
import { runPartnerServerSection } from './partner-server';

// bench/.build/run.js → the repository root.
const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const README = path.join(ROOT, 'README.md');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);
const COLD_LOADS = Number(process.env.BENCH_COLD_LOADS ?? 15);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const PROFILE = process.env.BENCH_PROFILE === '1';
const WRITE_README = process.env.BENCH_README !== '0';
const CORE_EVENTS = 1_000_000;
/** Wait after CONNECTOR_READY before sampling (startup work, JIT, GC settle). */
const SETTLE_MS = 3000;
const SEED = 20240601;

/** Run `run`'s plan: its own seed, so the runs differ in order but replay exactly. */
function plan(run: number, direction: number): PlanOptions {
  return { samples: SAMPLES, warmup: 200, seed: SEED + 1000 * run + direction, quietMs: 2 };
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function runCore(run: number): CoreFigures {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'core.js'), String(CORE_EVENTS), String(SEED + run)], { encoding: 'utf8' });
  const parsed = JSON.parse(out.trim()) as CoreFigures;
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
  return { ms, baseMs, ratio: ms / baseMs, loads: COLD_LOADS };
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
  return { wakeupsPerMinute: (total * 60_000) / IDLE_MS, seconds: IDLE_MS / 1000, counts };
}

/** Mounts the bench adapter page (the connector plus a control port) as frame `adapter`. */
async function mountAdapter(page: Page, config: Record<string, unknown>): Promise<Frame> {
  await page.evaluate(() => (window as unknown as Host).__bench.mount('adapter', '/bench/adapter.html'));
  await page.evaluate((c) => (window as unknown as Host).__bench.setup('adapter', c), config);
  await page.evaluate(() => (window as unknown as Host).__bench.attachControl('adapter'));
  return findFrame(page, '/bench/adapter.html');
}

async function partnerToOmniTrips(page: Page, options: PlanOptions): Promise<RoundTrips> {
  return page.evaluate(
    ({ plan, statuses, ids }) => (window as unknown as Host).__bench.partnerToOmni('adapter', plan, statuses, ids),
    { plan: options, statuses: ['AVAILABLE', 'BREAK'], ids: [STATUS_ID.available, STATUS_ID.away] },
  );
}

async function partnerToOmni(page: Page, config: Record<string, unknown>, run: number): Promise<Latency> {
  const frame = await mountAdapter(page, config);
  await sleep(SETTLE_MS);
  const trips = await partnerToOmniTrips(page, plan(run, 0));
  if (process.env.BENCH_DIAG && run === 0) log(`diagnostics (µs per call, synchronous part): ${JSON.stringify(await diagnose(frame))}`);
  await page.evaluate(() => (window as unknown as Host).__bench.unmount('adapter'));
  return latency(trips.ours, trips.floor);
}

/** BENCH_DIAG=1: what the synchronous part of a partner change costs, with and without its parts. */
async function diagnose(frame: Frame): Promise<Record<string, number>> {
  return frame.evaluate(() => {
    type Diag = { __benchPage: import('../src/composition/instances/instance-page').InstancePage };
    const page = (window as unknown as Diag).__benchPage;
    const simulator = page.simulator();
    if (!simulator) throw new Error('the bench adapter page does not lead');
    const perCall = (fn: (i: number) => void, n = 1000): number => {
      const start = performance.now();
      for (let i = 0; i < n; i++) fn(i);
      return Math.round(((performance.now() - start) / n) * 1000);
    };
    const toggle = (i: number): void => void simulator.setPartnerStatus(i % 2 === 0 ? 'BREAK' : 'AVAILABLE');
    const result: Record<string, number> = {};
    result['setPartnerStatus (synchronous part; log lines, STATE and writes deferred)'] = perCall(toggle);
    const big = JSON.stringify(page.status.view());
    result['localStorage.setItem (sync view sized)'] = perCall((i) => localStorage.setItem('bench-probe', big + String(i)));
    localStorage.removeItem('bench-probe');
    result['structuredClone(sync view)'] = perCall(() => void structuredClone(page.status.view()));
    result['status.view() JSON bytes'] = big.length;
    return result;
  });
}

/** Mounts `ours` (an adapter page) and the trivial floor side by side on the connector origin. */
async function mountOmniPair(page: Page, config: Record<string, unknown>, oursPath: string): Promise<void> {
  // Both frames live side by side on the connector origin (one renderer process), set up
  // alike, and the samples alternate between them in random order: whatever the other
  // frame costs, it costs both paths.
  for (const [id, p] of [['ours', oursPath], ['floor', '/bench/trivial.html']] as const) {
    await page.evaluate(({ id, p }) => (window as unknown as Host).__bench.mount(id, p), { id, p });
    await page.evaluate(({ id, c }) => (window as unknown as Host).__bench.setup(id, c), { id, c: config });
  }
}

async function omniToPartnerTrips(page: Page, options: PlanOptions): Promise<RoundTrips> {
  return page.evaluate(
    ({ plan, ids }) => (window as unknown as Host).__bench.omniToPartner('ours', 'floor', plan, ids),
    { plan: options, ids: [STATUS_ID.available, STATUS_ID.away] },
  );
}

async function unmountOmniPair(page: Page): Promise<void> {
  for (const id of ['ours', 'floor']) await page.evaluate((i) => (window as unknown as Host).__bench.unmount(i), id);
}

async function omniToPartner(page: Page, config: Record<string, unknown>, run: number): Promise<Latency> {
  await mountOmniPair(page, config, '/index.html');
  await sleep(SETTLE_MS);
  const trips = await omniToPartnerTrips(page, plan(run, 1));
  await unmountOmniPair(page);
  return latency(trips.ours, trips.floor);
}

/** Profiles `body` in `frame`'s renderer with the DevTools protocol's sampling profiler. */
async function profiled(context: BrowserContext, page: Page, frame: Frame, body: () => Promise<unknown>): Promise<CpuProfile> {
  // A cross-site iframe has its own renderer and CDP target; a same-process one shares the page's.
  const session = await context.newCDPSession(frame).catch(() => context.newCDPSession(page));
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 50 });
    await session.send('Profiler.start');
    await body();
    const { profile } = await session.send('Profiler.stop');
    return profile;
  } finally {
    await session.detach();
  }
}

/** BENCH_PROFILE=1: profiles both round trips in the (unminified) bench adapter page, each path alone, and prints where the time goes. */
async function profile(context: BrowserContext, page: Page, config: Record<string, unknown>): Promise<void> {
  const bundle = fs.readFileSync(path.join(ROOT, 'bench', '.build', 'pages', 'adapter.js'), 'utf8');
  if (bundle.split('\n').length < 100) throw new Error('bench/.build/pages/adapter.js is minified: BENCH_PROFILE=1 must be set for the build too (npm run bench does that)');
  const moduleOf = moduleLines(bundle);
  const summarize = (p: CpuProfile): ProfileSummary => summarizeProfile(p, moduleOf, '/bench/adapter.js');
  const base = plan(0, 0);
  const trips = base.samples + base.warmup;

  const frame = await mountAdapter(page, config);
  await sleep(SETTLE_MS);
  const p2o = await profiled(context, page, frame, () => partnerToOmniTrips(page, { ...base, only: 'ours' }));
  const p2oFloor = await profiled(context, page, frame, () => partnerToOmniTrips(page, { ...base, only: 'floor' }));
  await page.evaluate(() => (window as unknown as Host).__bench.unmount('adapter'));
  log(formatProfile('partner → Omni', summarize(p2o), summarize(p2oFloor), trips));
  log('');

  // Omni → partner against the bench adapter page (same bootstrap as dist/index.html, but
  // readable names); the floor frame shares its renderer, so one session sees both.
  await mountOmniPair(page, config, '/bench/adapter.html');
  const ours = await findFrame(page, '/bench/adapter.html');
  await sleep(SETTLE_MS);
  const o2p = await profiled(context, page, ours, () => omniToPartnerTrips(page, { ...base, only: 'ours' }));
  const o2pFloor = await profiled(context, page, ours, () => omniToPartnerTrips(page, { ...base, only: 'floor' }));
  await unmountOmniPair(page);
  log(formatProfile('Omni → partner', summarize(o2p), summarize(o2pFloor), trips));
}

function load(): number {
  return os.loadavg()[0] ?? NaN;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium, or set CHROMIUM_PATH`);
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1, got ${process.env.BENCH_RUNS ?? ''}`);
  const stale = staleReason();
  if (stale !== undefined) {
    log(`dist/ was ${stale}: building …`);
    ensureFreshBuild();
  }
  const bundleFigures = measureBundle(ROOT);
  const bundle = { ...bundleFigures, budget: BUNDLE_RATIO_BUDGET };
  log(`bundle: ${bundle.gzBytes} B gzip -9, ratio ${bundle.ratio.toFixed(3)}`);

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
    if (PROFILE) {
      await profile(context, page, config);
      return;
    }
    log(`cold start: ${COLD_LOADS} loads each, interleaved …`);
    const cold = await coldStart(page, config);
    log(`cold start: ${cold.ms.toFixed(1)} ms vs ${cold.baseMs.toFixed(1)} ms`);
    log(`idle: ${IDLE_MS / 1000} s after CONNECTOR_READY …`);
    const { counts, ...idleFigures } = await idle(page, config);
    log(`idle: ${idleFigures.wakeupsPerMinute} wake-ups/min ${JSON.stringify(counts)}`);

    const loadStart = load();
    const p2o: Latency[] = [];
    const o2p: Latency[] = [];
    const core: CoreFigures[] = [];
    for (let run = 0; run < RUNS; run++) {
      log(`run ${run + 1}/${RUNS}: core (${CORE_EVENTS.toLocaleString('en-US')} events), then ${SAMPLES} + ${SAMPLES} samples each way, interleaved …`);
      core.push(runCore(run));
      p2o.push(await partnerToOmni(page, config, run));
      o2p.push(await omniToPartner(page, config, run));
      const last = (l: Latency): string => `${l.ratioP50.toFixed(3)} (${l.p50Ms.toFixed(3)} / ${l.floorP50Ms.toFixed(3)} ms)`;
      log(`  partner → Omni p50 ratio ${last(p2o[run] as Latency)}; Omni → partner ${last(o2p[run] as Latency)}; load ${load().toFixed(2)}`);
    }
    const results: Results = {
      machine: { chromium: context.browser()?.version() ?? '', cpus: os.cpus().length, loadStart, loadEnd: load(), date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' },
      bundle,
      partnerToOmni: summarizeLatency(p2o),
      omniToPartner: summarizeLatency(o2p),
      core: { decisionsPerSec: spread(core.map((c) => c.decisionsPerSec)), heapGrowthBytes: spread(core.map((c) => c.heapGrowthBytes)), events: CORE_EVENTS },
      coldStart: cold,
      idle: idleFigures,
    };
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log('');
    log(table(results));
    log('');
    if (WRITE_README) {
      fs.writeFileSync(README, replaceSection(fs.readFileSync(README, 'utf8'), readmeSection(results)));
      log(`Chromium ${results.machine.chromium}; written ${path.relative(ROOT, RESULTS)} and the README's Performance table. Timing budgets are reported, not enforced.`);
    } else {
      log(`Chromium ${results.machine.chromium}; written ${path.relative(ROOT, RESULTS)} (README left alone: BENCH_README=0).`);
    }
    if (errors.length > 0) log(`page errors during the run:\n  ${errors.join('\n  ')}`);
  } finally {
    await context.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
    await server.close();
  }
  await runPartnerServerSection(ROOT, log);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
