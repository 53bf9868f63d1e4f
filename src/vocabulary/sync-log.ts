/**
 * The sync log's vocabulary: what a status-sync decision was and why.
 *
 * @remarks
 * Shared by the sync rules that write the log, the connector that persists it, and the
 * simulator console's `STATE` message that shows it (CONTRACT §4), so it lives here, in
 * the folder that imports nothing else from `src/`.
 */
import type { PartnerStatus } from './partner-status';

/** Every direction of a sync decision; the type is derived from this list. */
export const SYNC_DIRECTIONS = ['toPartner', 'toSalesforce'] as const;

/** Direction of a sync decision. */
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

/** Every outcome of a sync decision (CONTRACT §4); the type is derived from this list. */
export const SYNC_OUTCOMES = ['applied', 'ignored', 'deferred', 'superseded', 'unmapped', 'echo', 'invalid'] as const;

/** Outcome of a sync decision, as the sync log and `STATE` report it. */
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

/** One sync-log entry: a decision and why. Never holds names or phone numbers. */
export interface SyncLogEntry {
  /** Epoch ms of the decision. */
  readonly at: number;
  readonly direction: SyncDirection;
  /** The status before (partner code or Salesforce statusId), when known. */
  readonly from: string | null;
  /** The status asked for (partner code or Salesforce statusId). */
  readonly to: string;
  readonly outcome: SyncOutcome;
  readonly reason: string;
}

/** A change waiting for the call-state guard to lift. */
export interface PendingChange {
  readonly direction: SyncDirection;
  /** Partner status code. */
  readonly status: PartnerStatus;
  /** Salesforce statusId, where mapped. */
  readonly statusId?: string;
}

/** Narrows an unknown value (stored JSON) to a sync direction. */
export function isSyncDirection(value: unknown): value is SyncDirection {
  return (SYNC_DIRECTIONS as readonly unknown[]).includes(value);
}

/** Narrows an unknown value (stored JSON) to a sync outcome. */
export function isSyncOutcome(value: unknown): value is SyncOutcome {
  return (SYNC_OUTCOMES as readonly unknown[]).includes(value);
}
