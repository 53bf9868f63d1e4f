/**
 * Parser of `userPresenceStatuses`: Salesforce's map of the agent's Omni-Channel
 * presence statuses.
 */
import { configIssue, describeValue, isRecord, ownValue } from './config-issue';
import { OFFLINE_STATUS_ID, type ConfigIssue, type PresenceStatus } from './types';

/** How many statuses of `userPresenceStatuses` are read; the rest are refused with one issue. */
export const MAX_PRESENCE_STATUSES = 20_000;

/**
 * Keys that are never statusIds.
 *
 * @remarks
 * Salesforce statusIds are record ids (`0N5…`) or `"0"`; these keys only appear in a
 * hostile or broken configuration. They are skipped with an issue rather than treated as
 * ids, so that no later code that might index a plain object by statusId can be
 * steered into `Object.prototype`.
 */
const RESERVED_STATUS_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a key that is refused as a statusId (`__proto__`, `constructor`, `prototype`). */
export function isReservedStatusId(statusId: string): boolean {
  return RESERVED_STATUS_IDS.has(statusId);
}

/** The Offline status used when `userPresenceStatuses` lacks statusId `"0"`. */
export const SYNTHETIC_OFFLINE_STATUS: PresenceStatus = Object.freeze({
  statusId: OFFLINE_STATUS_ID,
  statusName: 'Offline',
  hasChannels: false,
  isOffline: true,
});

const SOURCE = 'userPresenceStatuses';

/**
 * Parses `userPresenceStatuses` into a list of presence statuses.
 *
 * @remarks
 * Accepts the JSON string Salesforce sends, or an already-parsed object, mapping
 * statusId to `{statusName, hasChannels, isOffline, statusId}`. Booleans may be the
 * strings `"true"`/`"false"` or real booleans. Never throws; every problem becomes a
 * {@link ConfigIssue} and only the offending entry is skipped:
 * - not JSON, not an object (array, `null`, a number), or absent: one issue, no statuses;
 * - an entry that is not an object, has an empty `statusName`, a boolean that is
 *   neither `true`/`false` nor `"true"`/`"false"`, or a `statusId` that differs from
 *   its key: one issue, entry skipped;
 * - keys `__proto__`, `constructor`, `prototype` and the empty key: skipped with an
 *   issue (see {@link isReservedStatusId}); nothing is written to any prototype;
 * - statusId `"0"` is the reserved Offline status: always in the result, first, with
 *   `isOffline: true, hasChannels: false` (forced, with an issue if the input says
 *   otherwise; {@link SYNTHETIC_OFFLINE_STATUS} when missing, without an issue);
 * - any other status claiming `isOffline: true` is kept as not offline, with an issue;
 * - more than {@link MAX_PRESENCE_STATUSES} keys: the rest are refused with one issue.
 *
 * Order is the object's key order (JavaScript's: integer-like keys first, ascending;
 * Salesforce ids are not integer-like), with `"0"` moved first.
 *
 * @example
 * ```ts
 * const { statuses, issues } = parsePresenceStatuses(callCenterConfig.userPresenceStatuses);
 * ```
 */
export function parsePresenceStatuses(raw: unknown): { statuses: PresenceStatus[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const candidates = readCandidates(raw, issues);
  const normalized = normalizePresenceStatuses(candidates);
  return { statuses: normalized.statuses, issues: [...issues, ...normalized.issues] };
}

/** The fields of one status as read, not yet checked (see {@link statusProblems}). */
interface StatusFields {
  readonly statusId: unknown;
  readonly statusName: unknown;
  readonly hasChannels: unknown;
  readonly isOffline: unknown;
}

/** Reads the raw configuration into unchecked candidates; only shape problems become issues here. */
function readCandidates(raw: unknown, issues: ConfigIssue[]): StatusFields[] {
  let parsed: unknown = raw;
  if (raw === undefined) {
    issues.push(configIssue(SOURCE, 'userPresenceStatuses is missing (expected JSON {statusId: status})'));
    return [];
  }
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      issues.push(configIssue(SOURCE, 'userPresenceStatuses is not valid JSON {statusId: status}'));
      return [];
    }
  }
  if (!isRecord(parsed)) {
    issues.push(configIssue(SOURCE, `userPresenceStatuses must be JSON {statusId: status}, got ${describeValue(parsed)}`));
    return [];
  }
  const candidates: StatusFields[] = [];
  try {
    const keys = Object.keys(parsed);
    if (keys.length > MAX_PRESENCE_STATUSES) {
      issues.push(configIssue(SOURCE, `${keys.length - MAX_PRESENCE_STATUSES} statuses refused: at most ${MAX_PRESENCE_STATUSES} are read`));
    }
    const limit = Math.min(keys.length, MAX_PRESENCE_STATUSES);
    for (let i = 0; i < limit; i++) {
      const key = keys[i] as string;
      const result = readEntry(key, ownValue(parsed, key));
      if (typeof result === 'string') issues.push(configIssue(SOURCE, `status skipped: ${result}`, key));
      else candidates.push(result);
    }
  } catch {
    // A hostile object (a Proxy, a throwing getter) cannot be read safely: keep nothing of it.
    issues.push(configIssue(SOURCE, 'userPresenceStatuses unreadable (expected plain JSON)'));
    return [];
  }
  return candidates;
}

/** One entry of the map as fields keyed by its key, or why its shape is unusable. */
function readEntry(key: string, value: unknown): StatusFields | string {
  if (!isRecord(value)) {
    return `expected {statusName, hasChannels, isOffline}, got ${describeValue(value)}`;
  }
  const fields: StatusFields = {
    statusId: key,
    statusName: ownValue(value, 'statusName'),
    hasChannels: ownValue(value, 'hasChannels'),
    isOffline: ownValue(value, 'isOffline'),
  };
  const statusId = ownValue(value, 'statusId');
  if (statusId === undefined || statusId === key) return fields;
  return [`statusId ${describeValue(statusId)} differs from its key`, ...statusProblems(fields)].join('; ');
}

/** Salesforce's boolean strings, or real booleans; anything else is `undefined`. */
function readBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * The one validator of a presence status: every problem of its fields, none when it is
 * usable. Booleans may be real booleans or Salesforce's strings `"true"`/`"false"`.
 */
function statusProblems({ statusId, statusName, hasChannels, isOffline }: StatusFields): string[] {
  if (typeof statusId !== 'string' || statusId.trim() === '') return ['statusId must be a non-empty string'];
  if (isReservedStatusId(statusId)) return ['reserved key, not a statusId'];
  const problems: string[] = [];
  if (typeof statusName !== 'string' || statusName.trim() === '') problems.push('statusName must be a non-empty string');
  if (readBoolean(hasChannels) === undefined) problems.push(`hasChannels must be "true" or "false", got ${describeValue(hasChannels)}`);
  if (readBoolean(isOffline) === undefined) problems.push(`isOffline must be "true" or "false", got ${describeValue(isOffline)}`);
  return problems;
}

/**
 * Brings a list of presence statuses into the canonical form every consumer relies on.
 *
 * @remarks
 * The one place statuses are validated: {@link parsePresenceStatuses} hands it what it
 * read, and `MappingTable.build` (which may be handed statuses from elsewhere) calls it. Guarantees of the result:
 * - statusId `"0"` is first, offline and without channels (forced with an issue, or
 *   {@link SYNTHETIC_OFFLINE_STATUS} when missing);
 * - no other status is offline (forced with an issue);
 * - statusIds are non-empty, unique (the first wins, later ones skipped with an issue)
 *   and never reserved ({@link isReservedStatusId});
 * - every statusName is a non-empty string and the booleans are booleans or Salesforce's
 *   strings (else skipped; {@link statusProblems} is the one check of a status's fields);
 * - at most {@link MAX_PRESENCE_STATUSES} statuses besides `"0"`;
 * - each status is a fresh frozen object with exactly the four fields.
 * Input order is kept otherwise.
 */
export function normalizePresenceStatuses(statuses: readonly StatusFields[]): { statuses: PresenceStatus[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const others: PresenceStatus[] = [];
  let offline: PresenceStatus | undefined;
  let refused = 0;
  for (const status of statuses) {
    const problems = isRecord(status) ? statusProblems(status) : [`expected a status object, got ${describeValue(status)}`];
    if (problems.length > 0) {
      issues.push(configIssue(SOURCE, `status skipped: ${problems.join('; ')}`, isRecord(status) && typeof status.statusId === 'string' ? status.statusId : undefined));
      continue;
    }
    const statusId = status.statusId as string;
    const statusName = status.statusName as string;
    const hasChannels = readBoolean(status.hasChannels) as boolean;
    const isOffline = readBoolean(status.isOffline) as boolean;
    if (seen.has(statusId)) {
      issues.push(configIssue(SOURCE, 'status skipped: duplicate statusId (first kept)', statusId));
      continue;
    }
    if (statusId === OFFLINE_STATUS_ID) {
      if (hasChannels || !isOffline) {
        issues.push(configIssue(SOURCE, 'statusId "0" is Offline: isOffline set true, hasChannels false', statusId));
      }
      seen.add(statusId);
      offline = Object.freeze({ statusId, statusName, hasChannels: false, isOffline: true });
      continue;
    }
    if (others.length >= MAX_PRESENCE_STATUSES) {
      refused++;
      continue;
    }
    if (isOffline) {
      issues.push(configIssue(SOURCE, 'only statusId "0" is offline: isOffline set false', statusId));
    }
    seen.add(statusId);
    others.push(Object.freeze({ statusId, statusName, hasChannels, isOffline: false }));
  }
  if (refused > 0) {
    issues.push(configIssue(SOURCE, `${refused} statuses refused: at most ${MAX_PRESENCE_STATUSES} are kept`));
  }
  return { statuses: [offline ?? SYNTHETIC_OFFLINE_STATUS, ...others], issues };
}
