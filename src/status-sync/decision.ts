/**
 * What one input of the sync rules produces (a {@link Decision}), and the bounded sync
 * log the decisions are written to.
 */
import type { PartnerStatus } from '../vocabulary/partner-status';
import type { SyncDirection, SyncLogEntry, SyncOutcome } from '../vocabulary/sync-log';

/** How many sync-log entries are kept (oldest dropped first). */
export const SYNC_LOG_LIMIT = 50;

/** Something the shell must do. */
export type SyncEffect =
  | { readonly type: 'setPartnerStatus'; readonly status: PartnerStatus }
  | { readonly type: 'publishStatus'; readonly statusId: string }
  | { readonly type: 'endWrapUp' };

/** The result of one input. */
export interface Decision {
  /** To carry out in order. */
  readonly effects: readonly SyncEffect[];
  /** New sync-log entries, oldest first (also already in the engine's log). */
  readonly entries: readonly SyncLogEntry[];
  /** For an Omni change: whether Salesforce should be told it succeeded. */
  readonly success: boolean;
}

/**
 * Collects one decision's effects and log entries between {@link DecisionRecorder.begin}
 * and {@link DecisionRecorder.end}, and keeps the last {@link SYNC_LOG_LIMIT} entries.
 */
export class DecisionRecorder {
  private log: SyncLogEntry[] = [];
  // Per-decision scratch, reset by begin().
  // Stryker disable next-line ArrayDeclaration: equivalent, begin() resets both before any use
  private effects: SyncEffect[] = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, as above
  private entries: SyncLogEntry[] = [];

  constructor(private readonly now: () => number) {}

  /** The sync log, oldest first. */
  get syncLog(): readonly SyncLogEntry[] {
    return this.log;
  }

  /** Starts a decision. */
  begin(): void {
    this.effects = [];
    this.entries = [];
  }

  /** Ends the decision started by {@link DecisionRecorder.begin}. */
  end(success: boolean): Decision {
    return { effects: this.effects, entries: this.entries, success };
  }

  /** Adds an effect to the current decision. */
  effect(effect: SyncEffect): void {
    this.effects.push(effect);
  }

  /** Writes a log entry, stamped now, to the current decision and the sync log. */
  record(direction: SyncDirection, from: string | null, to: string, outcome: SyncOutcome, reason: string): void {
    const entry: SyncLogEntry = { at: this.now(), direction, from, to, outcome, reason };
    this.entries.push(entry);
    this.log.push(entry);
    // Keeps the newest SYNC_LOG_LIMIT; a count of zero or less removes nothing.
    this.log.splice(0, this.log.length - SYNC_LOG_LIMIT);
  }

  /** Replaces the log with restored (already validated) entries, keeping the newest. */
  restore(entries: readonly SyncLogEntry[]): void {
    this.log = entries.slice(-SYNC_LOG_LIMIT);
  }
}
