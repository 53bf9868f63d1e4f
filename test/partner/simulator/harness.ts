/**
 * Test harness for the simulator: a partner on a fake clock and memory store, with its
 * events recorded as short strings and its log lines captured.
 */
import type { CallState } from '../../../src/vocabulary/call-state';
import type { PartnerEvent } from '../../../src/partner/partner-telephony';
import type { PartnerStatus } from '../../../src/vocabulary/partner-status';
import { SimulatedPartner, type SimulatedPartnerOptions } from '../../../src/partner/simulator/simulated-partner';
import { MemoryStore, type KeyValueStore } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';

export interface LogLine {
  readonly eventType: string;
  readonly payload: Record<string, unknown>;
  readonly isError: boolean;
}

export interface Harness {
  readonly partner: SimulatedPartner;
  readonly clock: FakeClock;
  readonly store: KeyValueStore;
  /** Events so far, as `type:detail` strings. */
  readonly events: string[];
  readonly raw: PartnerEvent[];
  readonly logs: LogLine[];
  readonly warnings: string[];
  /** Returns the events recorded so far and forgets them. */
  take(): string[];
  /** A new partner on the same clock and store, as after a page reload (the old one is disposed). */
  reload(extra?: Partial<SimulatedPartnerOptions>): Harness;
}

/** `c1`, `c2`, … */
export function sequentialIds(prefix = 'c'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export function describeEvent(e: PartnerEvent): string {
  switch (e.type) {
    case 'statusChanged':
      return `statusChanged:${e.previous}>${e.status}(${e.origin})`;
    case 'callStateChanged':
      return `callStateChanged:${e.previous}>${e.state}`;
    case 'supervisorBargedIn':
      return `supervisorBargedIn:${e.call.id}`;
    case 'resynced':
      return 'resynced';
    default:
      return `${e.type}:${e.call.id}:${e.call.state}`;
  }
}

interface HarnessOptions extends Partial<SimulatedPartnerOptions> {
  readonly status?: PartnerStatus;
}

export function makeHarness(options: HarnessOptions = {}, shared?: { clock: FakeClock; ids: () => string }): Harness {
  const clock = (options.clock as FakeClock | undefined) ?? shared?.clock ?? new FakeClock();
  const store = options.store ?? new MemoryStore();
  const ids = options.idFactory ?? shared?.ids ?? sequentialIds();
  const events: string[] = [];
  const raw: PartnerEvent[] = [];
  const logs: LogLine[] = [];
  const warnings: string[] = [];
  const partner = new SimulatedPartner({
    ...options,
    clock,
    store,
    idFactory: ids,
    initialStatus: options.initialStatus ?? options.status ?? 'AVAILABLE',
    log: (eventType, payload, isError) => {
      logs.push({ eventType, payload, isError });
      // A refused call is logged, not announced (CONTRACT §4); recorded here in order with the events.
      if (payload.message === 'incoming call refused') events.push(`callRefused:${String(payload.reason)}`);
    },
    onWarning: (m) => warnings.push(m),
  });
  partner.subscribe((e) => {
    raw.push(e);
    events.push(describeEvent(e));
  });
  // The simulator's change notice (after it saved), which prompts the control channel's STATE.
  partner.onChange(() => events.push('stateChanged'));
  const harness: Harness = {
    partner,
    clock,
    store,
    events,
    raw,
    logs,
    warnings,
    take: () => events.splice(0, events.length),
    reload: (extra = {}) => {
      partner.dispose();
      return makeHarness({ ...options, ...extra, store }, { clock, ids });
    },
  };
  return harness;
}

/** Drives a fresh AVAILABLE partner into `state` through public commands; returns the customer call id (if any). */
export async function driveTo(h: Harness, state: CallState): Promise<string | null> {
  if (state === 'idle') return null;
  const call = h.partner.incomingCall();
  if (!call) throw new Error('setup: the call did not ring');
  if (state === 'ringing') return call.id;
  await h.partner.acceptCall(call.id);
  if (state === 'connected') return call.id;
  if (state === 'held') {
    await h.partner.hold(call.id);
    return call.id;
  }
  await h.partner.hangUp();
  return call.id;
}

/** Every log line as text, to check that no phone number or name leaks. */
export function logText(logs: readonly LogLine[]): string {
  return JSON.stringify(logs);
}
