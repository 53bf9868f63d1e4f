/**
 * The sync rules under test: a {@link StatusSyncEngine} on the example mapping table
 * (`./status-fixtures.ts`) with a hand-driven clock, shared by the engine's unit tests.
 */
import type { Decision } from '../../src/status-sync/engine';
import { StatusSyncEngine } from '../../src/status-sync/engine';
import type { MappingTable } from '../../src/status-sync/mapping-table';
import type { OnCallPolicy } from '../../src/status-sync/types';
import type { CallState } from '../../src/vocabulary/call-state';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import { AVAILABLE, exampleTable } from './status-fixtures';

/** The time every harness starts at (epoch ms). */
export const HARNESS_START = 1_700_000_000_000;

/** An engine and the clock it reads. */
export interface Harness {
  engine: StatusSyncEngine;
  /** Moves the clock (both the local and the partner's) by `ms`; negative steps back. */
  advance(ms: number): void;
  /** The clock now. */
  now(): number;
}

/** How {@link setup} builds the engine. */
export interface HarnessOptions {
  policy?: OnCallPolicy;
  partner?: PartnerStatus;
  call?: CallState;
  /** A statusMap for the example statuses (default: the example map). */
  map?: string;
  /** A table to use instead of the example one. */
  table?: MappingTable;
  /** Whether the partner is connected at the start (default true). */
  connected?: boolean;
  /** The partner's clock (default the harness clock). */
  partnerNow?: () => number;
}

/** A fresh engine at {@link HARNESS_START}. */
export function setup(opts: HarnessOptions = {}): Harness {
  let now = HARNESS_START;
  const engine = new StatusSyncEngine({
    table: opts.table ?? exampleTable(opts.map),
    policy: opts.policy ?? 'ignore',
    now: () => now,
    partnerStatus: opts.partner ?? 'AVAILABLE',
    callState: opts.call ?? 'idle',
    ...(opts.connected === undefined ? {} : { connected: opts.connected }),
    ...(opts.partnerNow ? { partnerNow: opts.partnerNow } : {}),
  });
  return { engine, advance: (ms) => (now += ms), now: () => now };
}

/** Omni is known to be at `statusId` and the partner matches it. */
export function settledAt(h: Harness, statusId: string): void {
  h.engine.omniChanged(statusId, false);
  h.advance(1);
}

/** The outcomes of a decision's log entries, in order. */
export function outcomes(d: Decision): string[] {
  return d.entries.map((e) => e.outcome);
}

/** Connected, Omni Available, partner AVAILABLE; then the connection drops. */
export function dropped(opts: HarnessOptions = {}): Harness {
  const h = setup(opts);
  settledAt(h, AVAILABLE);
  h.engine.connectionChanged(false);
  return h;
}
