/**
 * Scheduled partner-side status changes (a WFM break): the rules, as pure functions.
 *
 * @remarks
 * A `start` entry changes the status at its time; with `durationMs` it leaves an `end`
 * entry behind that returns to the status held before, but only if the break status
 * still holds then (a status set during the break overrides it). Times are absolute
 * epoch ms, so a saved schedule survives a reload or a server restart.
 */
import { isNumberIn } from '../../vocabulary/guards';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import { PartnerError } from '../partner-telephony';

/** Longest accepted `startInMs` or `durationMs` of a scheduled status change: one day. */
export const MAX_SCHEDULE_MS = 86_400_000;

/** Most scheduled changes an agent holds at once (CONTRACT §7.6); more are refused. */
export const MAX_SCHEDULED = 100;

/** A scheduled status change; `seq` orders entries due at the same time. */
export type ScheduledEntry =
  | { readonly seq: number; readonly at: number; readonly kind: 'start'; readonly status: PartnerStatus; readonly durationMs?: number }
  | { readonly seq: number; readonly at: number; readonly kind: 'end'; readonly status: PartnerStatus; readonly breakStatus: PartnerStatus };

/** A scheduled status change as the partner reports it. */
export interface ScheduledStatusChange {
  /** Epoch ms when it happens. */
  readonly at: number;
  /** `start`: the status changes to `status`; `end`: it returns to `status` (if the break status still holds). */
  readonly kind: 'start' | 'end';
  readonly status: PartnerStatus;
}

function isDelay(value: unknown, min: number): value is number {
  return isNumberIn(value, min, MAX_SCHEDULE_MS);
}

/**
 * A new `start` entry `startInMs` from `now`.
 *
 * @throws PartnerError `INVALID_ARGUMENT` for times outside 0…{@link MAX_SCHEDULE_MS}
 * or a `durationMs` of 0.
 */
export function startEntry(seq: number, now: number, status: PartnerStatus, startInMs: unknown, durationMs?: unknown): ScheduledEntry {
  if (!isDelay(startInMs, 0)) throw new PartnerError(`startInMs must be a number from 0 to ${MAX_SCHEDULE_MS}`, 'INVALID_ARGUMENT');
  if (durationMs !== undefined && !isDelay(durationMs, 1)) {
    throw new PartnerError(`durationMs must be a number from 1 to ${MAX_SCHEDULE_MS}`, 'INVALID_ARGUMENT');
  }
  const at = now + startInMs;
  return durationMs === undefined ? { seq, at, kind: 'start', status } : { seq, at, kind: 'start', status, durationMs };
}

/** What firing an entry does, given the status at that moment. */
export interface Firing {
  /** The status change to make, if any. */
  readonly change?: { readonly status: PartnerStatus; readonly reason: string };
  /** The `end` entry a timed break leaves behind. */
  readonly then?: ScheduledEntry;
  /** Why a return was skipped. */
  readonly skipped?: string;
}

/** What firing `entry` does when the agent's status is `current` (`nextSeq` numbers a follow-up `end`). */
export function fire(entry: ScheduledEntry, current: PartnerStatus, nextSeq: number): Firing {
  if (entry.kind === 'start') {
    const change = { status: entry.status, reason: `scheduled ${entry.status} started` };
    if (entry.durationMs === undefined) return { change };
    return { change, then: { seq: nextSeq, at: entry.at + entry.durationMs, kind: 'end', status: current, breakStatus: entry.status } };
  }
  if (current === entry.breakStatus) return { change: { status: entry.status, reason: `scheduled ${entry.breakStatus} ended` } };
  return { skipped: `status ${current}, no longer ${entry.breakStatus}` };
}

/** Entries earliest first (ties in scheduling order). */
export function inOrder(entries: readonly ScheduledEntry[]): ScheduledEntry[] {
  return [...entries].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

/** One agent's scheduled status changes, with the counter that orders them. */
export class StatusSchedule {
  private entries: ScheduledEntry[];
  private nextSeq: number;

  constructor(entries: readonly ScheduledEntry[] = [], nextSeq = 0) {
    this.entries = [...entries];
    this.nextSeq = nextSeq;
  }

  /** Adds a `start` entry (see {@link startEntry}; throws what it throws, changing nothing). */
  add(now: number, status: PartnerStatus, startInMs: unknown, durationMs?: unknown): ScheduledEntry {
    const entry = startEntry(this.nextSeq, now, status, startInMs, durationMs);
    this.nextSeq++;
    this.entries.push(entry);
    return entry;
  }

  /** Removes `entry` and says what firing it does at status `current` (a timed break leaves its return scheduled). */
  fire(entry: ScheduledEntry, current: PartnerStatus): Firing {
    this.entries = this.entries.filter((e) => e !== entry);
    const firing = fire(entry, current, this.nextSeq);
    if (firing.then) {
      this.entries.push(firing.then);
      this.nextSeq++;
    }
    return firing;
  }

  /** Cancels every entry; returns how many there were. */
  clear(): number {
    const count = this.entries.length;
    this.entries = [];
    return count;
  }

  /** The entries in insertion order (fire order is {@link inOrder}). */
  all(): readonly ScheduledEntry[] {
    return this.entries;
  }

  /** The public view, earliest first. */
  view(): readonly ScheduledStatusChange[] {
    return inOrder(this.entries).map((e) => Object.freeze({ at: e.at, kind: e.kind, status: e.status }));
  }

  /** What a snapshot keeps. */
  toJSON(): { schedule: ScheduledEntry[]; nextSeq: number } {
    return { schedule: [...this.entries], nextSeq: this.nextSeq };
  }
}

/**
 * The restored entries that may stand (CONTRACT §7.9): none more than
 * {@link MAX_SCHEDULE_MS} away from `now`, at most {@link MAX_SCHEDULED}; with a reason
 * for each one left out.
 */
export function checkedSchedule(entries: readonly ScheduledEntry[], now: number): { kept: ScheduledEntry[]; dropped: string[] } {
  const kept: ScheduledEntry[] = [];
  const dropped: string[] = [];
  for (const entry of inOrder(entries)) {
    if (entry.at - now > MAX_SCHEDULE_MS) dropped.push(`scheduled ${entry.kind} of ${entry.status} is ${Math.round((entry.at - now) / 3_600_000)} h away, more than 24 h`);
    else if (kept.length >= MAX_SCHEDULED) dropped.push(`scheduled ${entry.kind} of ${entry.status} is beyond the ${MAX_SCHEDULED} an agent may hold`);
    else kept.push(entry);
  }
  return { kept, dropped };
}
