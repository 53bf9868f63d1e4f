/**
 * What the sync rules persist across a reload, and how persisted data is read back:
 * checked field by field against the current mapping table, never trusted.
 */
import { isNumberIn, isRecord } from '../vocabulary/guards';
import { isSyncDirection, isSyncOutcome, type PendingChange, type SyncLogEntry } from '../vocabulary/sync-log';
import type { MappingTable } from './mapping-table';

/** A published statusId awaiting Salesforce's echo, and when it was published. */
export interface EchoExpectation {
  readonly statusId: string;
  readonly at: number;
}

/**
 * An Omni change made while the partner was not connected (CONTRACT §8), kept with the
 * pending change it describes.
 */
export interface HeldChange {
  /** The partner's time when the change arrived: a partner change after it supersedes it. */
  readonly at: number;
  /** Omni enqueued it (`enqueueNextState` during a call): it also waits for the call to end. */
  readonly enqueued: boolean;
}

/** What the engine persists (see `StatusSyncEngine.toJSON` and `restore`). */
export interface EngineState {
  readonly salesforceStatusId: string | null;
  readonly pending: PendingChange | null;
  readonly salesforceNext: string | null;
  readonly held: HeldChange | null;
  readonly awaitingEcho: readonly EchoExpectation[];
  readonly syncLog: readonly SyncLogEntry[];
}

/** The fields of persisted data that passed their checks (absent ones are left out). */
export type RestoredState = Partial<EngineState>;

/**
 * Reads persisted engine state against the current table. Never throws.
 *
 * @remarks
 * A statusId the table no longer knows is dropped; a pending Omni change is re-mapped
 * through the table; malformed echo expectations and log entries are filtered out.
 * `lastSalesforceIntentAt` of older versions is wall-clock time from another page load:
 * not comparable, ignored.
 *
 * @returns the usable fields, and the names of the fields that were dropped
 */
export function readEngineState(data: unknown, table: MappingTable): { state: RestoredState; dropped: string[] } {
  if (!isRecord(data)) return { state: {}, dropped: ['state'] };
  const state: { -readonly [K in keyof EngineState]?: EngineState[K] } = {};
  const dropped: string[] = [];
  const knownId = (value: unknown): value is string | null => value === null || (typeof value === 'string' && table.presence(value) !== undefined);

  const sfId = data['salesforceStatusId'];
  if (knownId(sfId)) state.salesforceStatusId = sfId;
  else if (sfId !== undefined) dropped.push('salesforceStatusId');
  const pending = readPending(data['pending'], table);
  if (pending === undefined) dropped.push('pending');
  else state.pending = pending;
  const next = data['salesforceNext'];
  if (knownId(next)) state.salesforceNext = next;
  else if (next !== undefined) dropped.push('salesforceNext');
  const held = data['held'];
  if (held === null || isHeldChange(held)) state.held = held === null ? null : { at: held.at, enqueued: held.enqueued };
  else if (held !== undefined) dropped.push('held');
  const echoes = data['awaitingEcho'];
  if (Array.isArray(echoes)) state.awaitingEcho = echoes.filter(isEchoExpectation);
  else if (echoes !== undefined) dropped.push('awaitingEcho');
  const log = data['syncLog'];
  if (Array.isArray(log)) state.syncLog = log.filter(isLogEntry);
  else if (log !== undefined) dropped.push('syncLog');
  return { state, dropped };
}

/** A persisted pending change re-mapped through the table; `undefined` when unusable. */
function readPending(raw: unknown, table: MappingTable): PendingChange | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw) || !isSyncDirection(raw['direction'])) return undefined;
  const statusId = raw['statusId'];
  if (raw['direction'] === 'toPartner') {
    if (typeof statusId !== 'string') return undefined;
    const target = table.toPartner(statusId);
    return target ? { direction: 'toPartner', status: target.status, statusId } : undefined;
  }
  const status = raw['status'];
  if (!table.catalogue.has(status)) return undefined;
  const mapped = table.toSalesforce(status);
  return mapped === undefined ? { direction: 'toSalesforce', status } : { direction: 'toSalesforce', status, statusId: mapped };
}

function isTime(value: unknown): value is number {
  return isNumberIn(value, -Infinity);
}

function isHeldChange(value: unknown): value is HeldChange {
  return isRecord(value) && isTime(value['at']) && typeof value['enqueued'] === 'boolean';
}

function isEchoExpectation(value: unknown): value is EchoExpectation {
  return isRecord(value) && typeof value['statusId'] === 'string' && isTime(value['at']);
}

function isLogEntry(value: unknown): value is SyncLogEntry {
  return (
    isRecord(value) &&
    isTime(value['at']) &&
    isSyncDirection(value['direction']) &&
    (value['from'] === null || typeof value['from'] === 'string') &&
    typeof value['to'] === 'string' &&
    typeof value['reason'] === 'string' &&
    isSyncOutcome(value['outcome'])
  );
}
