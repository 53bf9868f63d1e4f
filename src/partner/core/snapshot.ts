/**
 * One agent's saved state: a versioned JSON-ready snapshot and its strict reader.
 *
 * @remarks
 * The browser simulator keeps it in storage, a partner server in its database. Everything
 * read back is validated; anything that does not fit (wrong version, wrong types, a call
 * state that contradicts the calls) makes {@link parseSnapshot} return an error message
 * instead, and the agent starts fresh.
 */
import { isCallState, type CallState } from '../../vocabulary/call-state';
import { isCount, isNumberIn, isRecord } from '../../vocabulary/guards';
import { isPartnerStatus, type PartnerStatus } from '../../vocabulary/partner-status';
import { CALL_DIRECTIONS, CALL_ROLES, type CallDirection, type CallRole } from '../partner-telephony';
import type { LegRecord } from './call-legs';
import { impliedCallState } from './call-state-machine';
import type { ScheduledEntry } from './schedule';

/** Version written into every snapshot; a different one is not read back. */
export const SNAPSHOT_VERSION = 1;

/** The whole persisted state of one agent. */
export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  status: PartnerStatus;
  callState: CallState;
  muted: boolean;
  recordingPaused: boolean;
  dtmfCount: number;
  calls: LegRecord[];
  schedule: ScheduledEntry[];
  nextSeq: number;
  /** The `seq` of the last event announced (absent in snapshots from before events had one: 0). */
  eventSeq: number;
}

const LIVE_LEG_STATES: readonly LegRecord['state'][] = ['ringing', 'connected', 'held'];

/** Reads a snapshot back; returns the snapshot, or a message saying what is wrong. */
export function parseSnapshot(text: string): Snapshot | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'stored state is not valid JSON';
  }
  if (!isRecord(raw)) return 'stored state is not an object';
  if (raw.version !== SNAPSHOT_VERSION) return `stored state has version ${String(raw.version)}, expected ${SNAPSHOT_VERSION}`;
  if (!isPartnerStatus(raw.status)) return 'stored status is not a partner status code';
  if (!isCallState(raw.callState)) return 'stored callState is not a call state';
  if (typeof raw.muted !== 'boolean' || typeof raw.recordingPaused !== 'boolean') return 'stored muted/recordingPaused are not booleans';
  if (!isCount(raw.dtmfCount) || !isCount(raw.nextSeq)) return 'stored dtmfCount/nextSeq are not counts';
  const eventSeq = raw.eventSeq ?? 0;
  if (!isCount(eventSeq)) return 'stored eventSeq is not a count';
  if (!Array.isArray(raw.calls)) return 'stored calls is not an array';
  if (!Array.isArray(raw.schedule)) return 'stored schedule is not an array';
  const calls: LegRecord[] = [];
  for (const item of raw.calls as unknown[]) {
    const leg = parseLeg(item);
    if (!leg) return 'a stored call is malformed';
    if (calls.some((c) => c.id === leg.id)) return 'two stored calls share an id';
    calls.push(leg);
  }
  const schedule: ScheduledEntry[] = [];
  for (const item of raw.schedule as unknown[]) {
    const entry = parseEntry(item);
    if (!entry) return 'a stored schedule entry is malformed';
    schedule.push(entry);
  }
  if (schedule.some((e) => e.seq >= (raw.nextSeq as number))) return 'stored nextSeq is behind the schedule';
  const implied = impliedCallState(calls);
  const consistent = implied === null ? raw.callState === 'idle' || raw.callState === 'wrapup' : implied === raw.callState;
  if (!consistent) return `stored callState ${raw.callState} contradicts the stored calls`;
  return {
    version: SNAPSHOT_VERSION,
    status: raw.status,
    callState: raw.callState,
    muted: raw.muted,
    recordingPaused: raw.recordingPaused,
    dtmfCount: raw.dtmfCount,
    calls,
    schedule,
    nextSeq: raw.nextSeq,
    eventSeq,
  };
}

function parseLeg(item: unknown): LegRecord | null {
  if (!isRecord(item)) return null;
  const { id, role, direction, phoneNumber, state, parentId, createdAt, ringDeadline, bargedIn } = item;
  if (typeof id !== 'string' || id === '' || typeof phoneNumber !== 'string') return null;
  if (!(CALL_ROLES as readonly unknown[]).includes(role) || !(CALL_DIRECTIONS as readonly unknown[]).includes(direction)) return null;
  if (!LIVE_LEG_STATES.includes(state as LegRecord['state'])) return null;
  if (!isTime(createdAt)) return null;
  if (parentId !== undefined && (typeof parentId !== 'string' || parentId === '')) return null;
  if (ringDeadline !== undefined && !isTime(ringDeadline)) return null;
  if (bargedIn !== undefined && typeof bargedIn !== 'boolean') return null;
  // Only the known fields are kept; absent optional ones stay undefined (JSON drops them).
  return {
    id,
    role: role as CallRole,
    direction: direction as CallDirection,
    phoneNumber,
    state: state as LegRecord['state'],
    createdAt,
    parentId,
    ringDeadline,
    bargedIn,
  };
}

function parseEntry(item: unknown): ScheduledEntry | null {
  if (!isRecord(item)) return null;
  const { seq, at, kind, status, durationMs, breakStatus } = item;
  if (!isCount(seq) || !isTime(at) || !isPartnerStatus(status)) return null;
  if (kind === 'start') {
    if (durationMs === undefined) return { seq, at, kind, status };
    return isNumberIn(durationMs, 0) && durationMs > 0 ? { seq, at, kind, status, durationMs } : null;
  }
  if (kind === 'end' && isPartnerStatus(breakStatus)) return { seq, at, kind, status, breakStatus };
  return null;
}

function isTime(value: unknown): value is number {
  return isNumberIn(value, 0);
}
