/**
 * Core benchmark: the pure StatusSyncEngine in Node over 1,000,000 mixed events.
 *
 * @remarks
 * Run as `node --expose-gc bench/.build/core.js [events] [seed]`; prints one JSON line
 * (`{ decisionsPerSec, heapGrowthBytes, events }`). The events are generated up front
 * from a seed, so the timed loop does nothing but feed the engine: Omni changes (with
 * and without `enqueueNextState`, unknown ids too), partner changes (every code), and
 * call-state steps along the real transitions (ringing → idle and wrap-up → idle lift
 * the guard). Time advances 0–3 s per event (0 = same-millisecond ties), so echo
 * windows expire now and then. Heap growth is `heapUsed` after minus before the timed
 * run, each after a full GC, with the engine still referenced.
 */
import { CALL_STATE_TRANSITIONS } from '../src/partner/core/call-state-machine';
import type { CallState } from '../src/vocabulary/call-state';
import { PARTNER_STATUSES } from '../src/vocabulary/partner-status';
import { StatusSyncEngine } from '../src/status-sync/engine';
import { AVAILABLE, AVAILABLE_2, AWAY, BUSY, OFFLINE, TRAINING, exampleTable } from '../test/support/status-fixtures';
import { seededRandom } from './random';

/** The `core` figures of bench/results.json. */
export interface CoreFigures {
  decisionsPerSec: number;
  heapGrowthBytes: number;
  events: number;
}

const OMNI = 0;
const PARTNER = 1;
const CALL = 2;

const STATUS_IDS = [AVAILABLE, AWAY, BUSY, OFFLINE, TRAINING, AVAILABLE_2, '0N5xx00000UNKNOWN'];

interface Events {
  kind: Uint8Array;
  /** OMNI: index in STATUS_IDS; PARTNER: index in PARTNER_STATUSES; CALL: index in CALL_STATES. */
  arg: Uint8Array;
  enqueue: Uint8Array;
  dt: Uint16Array;
}

const CALL_STATES = Object.keys(CALL_STATE_TRANSITIONS) as CallState[];

function generate(count: number, seed: number): Events {
  const random = seededRandom(seed);
  const events: Events = { kind: new Uint8Array(count), arg: new Uint8Array(count), enqueue: new Uint8Array(count), dt: new Uint16Array(count) };
  let call: CallState = 'idle';
  for (let i = 0; i < count; i++) {
    const r = random();
    events.dt[i] = random() < 0.05 ? 0 : 1 + Math.floor(random() * 3000);
    if (r < 0.35) {
      events.kind[i] = OMNI;
      events.arg[i] = Math.floor(random() * STATUS_IDS.length);
      events.enqueue[i] = random() < 0.5 ? 1 : 0;
    } else if (r < 0.7) {
      events.kind[i] = PARTNER;
      events.arg[i] = Math.floor(random() * PARTNER_STATUSES.length);
    } else {
      const next: readonly CallState[] = CALL_STATE_TRANSITIONS[call];
      call = next[Math.floor(random() * next.length)] ?? 'idle';
      events.kind[i] = CALL;
      events.arg[i] = CALL_STATES.indexOf(call);
    }
  }
  return events;
}

/** Feeds `events` to `engine`; returns a checksum of the effects so nothing is optimised away. */
function feed(engine: StatusSyncEngine, events: Events, clock: { t: number }): number {
  let checksum = 0;
  const n = events.kind.length;
  for (let i = 0; i < n; i++) {
    clock.t += events.dt[i] ?? 0;
    const arg = events.arg[i] ?? 0;
    const kind = events.kind[i];
    const decision = kind === OMNI
      ? engine.omniChanged(STATUS_IDS[arg] ?? '', events.enqueue[i] === 1)
      : kind === PARTNER
        ? engine.partnerChanged(PARTNER_STATUSES[arg] ?? 'AVAILABLE')
        : engine.callStateChanged(CALL_STATES[arg] ?? 'idle');
    checksum += decision.effects.length + decision.entries.length;
  }
  return checksum;
}

function newEngine(clock: { t: number }): StatusSyncEngine {
  return new StatusSyncEngine({ table: exampleTable(), policy: 'defer', now: () => clock.t, partnerStatus: 'OFFLINE', callState: 'idle' });
}

/** Runs the benchmark (needs `global.gc`). */
function runCore(count: number, seed: number): CoreFigures & { checksum: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Warm the JIT on another engine and other events.
  const warmClock = { t: 0 };
  feed(newEngine(warmClock), generate(Math.min(count, 200_000), seed + 1), warmClock);

  const events = generate(count, seed);
  const clock = { t: 0 };
  const engine = newEngine(clock);
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const checksum = feed(engine, events, clock);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  // Keep the engine and the events alive until after the measurement.
  if (engine.view().syncLog.length < 0 || events.kind.length !== count) throw new Error('unreachable');
  return { decisionsPerSec: count / seconds, heapGrowthBytes: heapAfter - heapBefore, events: count, checksum };
}

// This file is its own entry (bench/.build/core.js), run in a fresh process by run.ts.
const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 20240601);
process.stdout.write(`${JSON.stringify(runCore(count, seed))}\n`);
