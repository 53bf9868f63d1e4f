/**
 * The mapping table between Salesforce presence statuses and partner status codes
 * (CONTRACT §3, §5 rules 6–7).
 */
import type { PartnerStatus } from '../vocabulary/partner-status';
import { StatusCatalogue } from '../vocabulary/status-catalogue';
import { configIssue, isRecord } from './config-issue';
import { normalizePresenceStatuses } from './presence';
import { MAP_OPERATORS, STATUS_MAP_MAX_ENTRIES } from './status-map';
import { OFFLINE_STATUS_ID, type ConfigIssue, type MapDirection, type PresenceStatus, type StatusMapEntry } from './types';

/** Where {@link MappingTable.toPartner} found its answer. */
export type PartnerTargetVia = 'map' | 'name' | 'offline' | 'fallback';

/** The partner status a Salesforce status maps to, and which rule chose it. */
export interface PartnerTarget {
  readonly status: PartnerStatus;
  readonly via: PartnerTargetVia;
}

/** One `statusMap` entry resolved to a statusId (the stored form). */
export interface MappingEntryData {
  readonly statusId: string;
  readonly partner: PartnerStatus;
  readonly direction: MapDirection;
}

/** The JSON-safe form of a {@link MappingTable} ({@link MappingTable.toJSON}). */
export interface MappingTableData {
  /** Canonical presence statuses: `"0"` first (see `normalizePresenceStatuses`). */
  readonly statuses: readonly PresenceStatus[];
  /** The valid `statusMap` entries, in `statusMap` order. */
  readonly entries: readonly MappingEntryData[];
}

const DIRECTIONS: ReadonlySet<unknown> = new Set<MapDirection>(['both', 'toPartner', 'toSalesforce']);

/** Narrows an unknown value to a map direction. */
function isDirection(value: unknown): value is MapDirection {
  return DIRECTIONS.has(value);
}


/**
 * Name matching key: lower case without spaces, `-` and `_` (`"Not Ready"` ≡ `NOT_READY`).
 */
function nameKey(name: string): string {
  // Stryker disable next-line Regex: equivalent, dropping a run at once or one character at a time leaves the same key
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Rule 6: the partner is routable exactly when the Salesforce status has channels. */
function routabilityHolds(catalogue: StatusCatalogue, status: PresenceStatus, partner: PartnerStatus): boolean {
  return catalogue.isRoutable(partner) === status.hasChannels;
}

/**
 * The catalogue's name matcher: the code a status's name matches, routability holding;
 * never for the offline status, and offline codes never match (they pair with `"0"` only).
 */
function nameMatcher(catalogue: StatusCatalogue): (status: PresenceStatus) => PartnerStatus | undefined {
  const byKey = new Map(catalogue.codes().filter((code) => !catalogue.isOffline(code)).map((code) => [nameKey(code), code]));
  return (status) => {
    if (status.isOffline) return undefined;
    const code = byKey.get(nameKey(status.statusName));
    return code !== undefined && routabilityHolds(catalogue, status, code) ? code : undefined;
  };
}

/**
 * The mapping between Salesforce presence statuses and partner status codes.
 *
 * @remarks
 * Immutable; built from the parsed configuration ({@link MappingTable.build}) or
 * restored from storage ({@link MappingTable.fromJSON}). Every answer is computed once at
 * construction, so lookups are constant time. Invariant: every answer pairs a status with
 * channels with the routable partner code and a status without channels with a
 * non-routable one (rule 6). Lookups use `Map`s: any string is a safe key.
 *
 * "No valid entry" below means the `statusMap` was absent, or none of its entries
 * survived parsing and {@link MappingTable.build}: then statuses are matched by name.
 * Name matching ignores case, spaces, `-` and `_`, and never involves statusId `"0"` or
 * `OFFLINE`: those two pair with each other unless a valid entry says otherwise
 * (CONTRACT §3).
 *
 * @example
 * ```ts
 * const { statuses } = parsePresenceStatuses(config.userPresenceStatuses);
 * const { entries } = parseStatusMap(config['/statusSync/statusMap']);
 * const { table, issues } = MappingTable.build(statuses, entries);
 * table.toPartner('0N5xx0000004D56'); // { status: 'BREAK', via: 'map' }
 * table.toSalesforce('LUNCH');        // undefined: unmapped, not published
 * ```
 */
export class MappingTable {
  // TS-private rather than `#` fields: the ES2020 build would emulate `#` with WeakMaps and helpers.
  private readonly list: readonly PresenceStatus[];
  private readonly entries: readonly MappingEntryData[];
  private readonly byId = new Map<string, PresenceStatus>();
  private readonly partnerOf = new Map<string, PartnerTarget>();
  private readonly idOf = new Map<PartnerStatus, string>();

  /** Takes canonical, validated data (see {@link MappingTable.build} and {@link MappingTable.fromJSON}). */
  private constructor(
    statuses: readonly PresenceStatus[],
    entries: readonly MappingEntryData[],
    /** The partner's status catalogue the table maps to. */
    readonly catalogue: StatusCatalogue,
  ) {
    this.list = Object.freeze([...statuses]);
    this.entries = Object.freeze(entries.map((entry) => Object.freeze({ ...entry })));
    for (const status of statuses) this.byId.set(status.statusId, status);

    // (1) The first valid entry wins, each way.
    for (const { statusId, partner, direction } of this.entries) {
      if (direction !== 'toSalesforce' && !this.partnerOf.has(statusId)) {
        this.partnerOf.set(statusId, Object.freeze({ status: partner, via: 'map' }));
      }
      if (direction !== 'toPartner' && !this.idOf.has(partner)) this.idOf.set(partner, statusId);
    }
    const byName = this.entries.length === 0;
    const partnerByName = nameMatcher(catalogue);
    for (const status of statuses) {
      if (this.partnerOf.has(status.statusId)) continue;
      // (2) name, only without a valid entry; (3) offline; (4) fallback by routability.
      const named = byName ? partnerByName(status) : undefined;
      let target: PartnerTarget;
      if (named !== undefined) target = { status: named, via: 'name' };
      else if (status.isOffline) target = { status: catalogue.fallback('offline'), via: 'offline' };
      // Stryker disable next-line StringLiteral: equivalent, `fallback` treats any kind but routable and offline as notReady
      else target = { status: catalogue.fallback(status.hasChannels ? 'routable' : 'notReady'), via: 'fallback' };
      this.partnerOf.set(status.statusId, Object.freeze(target));
    }
    if (byName) {
      for (const status of statuses) {
        const named = partnerByName(status);
        if (named !== undefined && !this.idOf.has(named)) this.idOf.set(named, status.statusId);
      }
    }
    const offline = catalogue.offlineCode;
    if (offline !== undefined && !this.idOf.has(offline)) this.idOf.set(offline, OFFLINE_STATUS_ID);
  }

  /**
   * Builds the table from parsed presence statuses and `statusMap` entries.
   *
   * @remarks
   * The statuses are first brought into canonical form (`normalizePresenceStatuses`:
   * `"0"` first and offline, unique ids). Each entry's `left` resolves to a statusId:
   * an exact statusId first, else a statusName compared case-insensitively after trimming.
   * An entry is skipped with an issue when `left` matches nothing, matches the names of
   * several statuses (ambiguous: write the statusId), or breaks routability (a status with
   * channels paired with a non-routable code, or one without channels with `AVAILABLE`;
   * whatever the direction). Entries beyond {@link STATUS_MAP_MAX_ENTRIES} are refused.
   * Never throws.
   */
  static build(
    statuses: readonly PresenceStatus[],
    entries: readonly StatusMapEntry[],
    catalogue: StatusCatalogue = StatusCatalogue.REFERENCE,
  ): { table: MappingTable; issues: ConfigIssue[] } {
    const normalized = normalizePresenceStatuses(statuses);
    const issues: ConfigIssue[] = [...normalized.issues];
    const byId = new Map<string, PresenceStatus>();
    const byName = new Map<string, PresenceStatus[]>();
    for (const status of normalized.statuses) {
      byId.set(status.statusId, status);
      const key = status.statusName.trim().toLowerCase();
      const named = byName.get(key);
      if (named === undefined) byName.set(key, [status]);
      else named.push(status);
    }

    const ordered = [...entries].sort((a, b) => a.index - b.index);
    if (ordered.length > STATUS_MAP_MAX_ENTRIES) {
      issues.push(configIssue('statusMap', `${ordered.length - STATUS_MAP_MAX_ENTRIES} entries refused: at most ${STATUS_MAP_MAX_ENTRIES} are used`));
      ordered.length = STATUS_MAP_MAX_ENTRIES;
    }
    const resolved: MappingEntryData[] = [];
    for (const entry of ordered) {
      const written = `${String(entry.left)}${MAP_OPERATORS[entry.direction] ?? '?'}${String(entry.partner)}`;
      const result = resolveEntry(entry, byId, byName, catalogue);
      if (typeof result === 'string') issues.push(configIssue('statusMap', `entry skipped: ${result}`, written));
      else resolved.push(result);
    }
    return { table: new MappingTable(normalized.statuses, resolved, catalogue), issues };
  }

  /**
   * Restores a table from {@link MappingTable.toJSON}'s data (e.g. read back from storage).
   *
   * @remarks
   * Accepts exactly what `toJSON` produces: the data is rebuilt through
   * {@link MappingTable.build} (each entry's `statusId` as its left side) and accepted
   * only if the rebuilt table's `toJSON` is the same JSON. So anything `build` would fix,
   * skip or refuse — wrong shapes or extra fields, statusId `"0"` missing, not first or
   * not offline, another offline status, duplicate, empty or reserved statusIds, empty
   * names, limits exceeded, entries naming unknown statusIds, unknown codes or
   * directions, or breaking routability — gives `null`. Never throws.
   */
  static fromJSON(data: unknown, catalogue: StatusCatalogue = StatusCatalogue.REFERENCE): MappingTable | null {
    try {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, the catch or the round trip below refuses the same data; this says it plainly
      if (!isRecord(data) || !Array.isArray(data.statuses) || !Array.isArray(data.entries)) return null;
      const entries = (data.entries as MappingEntryData[]).map(({ statusId, partner, direction }, index) => ({ left: statusId, partner, direction, index }));
      const { table } = MappingTable.build(data.statuses as PresenceStatus[], entries, catalogue);
      return JSON.stringify(table.toJSON()) === JSON.stringify(data) ? table : null;
    } catch {
      // A hostile value (a Proxy, a throwing getter, a null entry) is just malformed data.
      return null;
    }
  }

  /** The table as plain JSON-safe data, for {@link MappingTable.fromJSON}. */
  toJSON(): MappingTableData {
    return {
      statuses: this.list.map(({ statusId, statusName, hasChannels, isOffline }) => ({ statusId, statusName, hasChannels, isOffline })),
      entries: this.entries.map(({ statusId, partner, direction }) => ({ statusId, partner, direction })),
    };
  }

  /** The presence status with this statusId, if known (own lookup: any string is safe). */
  presence(statusId: string): PresenceStatus | undefined {
    return this.byId.get(statusId);
  }

  /** All presence statuses, `"0"` first, then in configuration order. */
  statuses(): readonly PresenceStatus[] {
    return this.list;
  }

  /**
   * The partner status for a Salesforce statusId (CONTRACT §5 rule 6).
   *
   * @remarks
   * In order: (1) `map`: the first valid entry for it with direction both or toPartner
   * (this wins over the offline rule); (2) `name`: only when the map has no valid entry,
   * a partner code with the same name (see the class remarks); (3) `offline`: statusId
   * `"0"` gives `OFFLINE`; (4) `fallback`: `AVAILABLE` for a status with channels, else
   * `NOT_READY`. `undefined` only for an unknown statusId.
   */
  toPartner(statusId: string): PartnerTarget | undefined {
    return this.partnerOf.get(statusId);
  }

  /**
   * The Salesforce statusId to publish for a partner status (CONTRACT §5 rule 7).
   *
   * @remarks
   * In order: (1) the FIRST valid entry in `statusMap` order with direction both or
   * toSalesforce for that code: when several statuses map to one code (many-to-one), the
   * earliest entry is the preferred one, so an admin orders the map to choose;
   * (2) only when the map has no valid entry, the first status in presence order whose
   * name matches the code (see the class remarks); (3) `OFFLINE` gives `"0"`;
   * (4) otherwise `undefined`: unmapped, and nothing is published.
   */
  toSalesforce(status: PartnerStatus): string | undefined {
    return this.idOf.get(status);
  }


}

/** One entry resolved against the statuses, or why it is skipped. */
function resolveEntry(
  entry: StatusMapEntry,
  byId: ReadonlyMap<string, PresenceStatus>,
  byName: ReadonlyMap<string, readonly PresenceStatus[]>,
  catalogue: StatusCatalogue,
): MappingEntryData | string {
  const { left, partner, direction } = entry;
  if (typeof left !== 'string' || typeof partner !== 'string' || !isDirection(direction)) return 'not a valid statusMap entry';
  if (!catalogue.has(partner)) return `the partner has no status ${String(partner)} (its catalogue: ${catalogue.describe()})`;
  const named = byName.get(left.trim().toLowerCase()) ?? [];
  const status = byId.get(left) ?? named[0];
  if (status === undefined) return 'no Salesforce status has this statusId or name (case-insensitive)';
  if (!byId.has(left) && named.length > 1) {
    const ids = named.slice(0, 5).map((candidate) => clipId(candidate.statusId));
    return `ambiguous: ${named.length} statuses have this name (write a statusId: ${ids.join(', ')})`;
  }
  if (!routabilityHolds(catalogue, status, partner)) {
    return status.hasChannels
      ? `Salesforce status ${clipId(status.statusId)} has channels, but ${partner} is not routable`
      : `Salesforce status ${clipId(status.statusId)} has no channels, but ${partner} is routable`;
  }
  return { statusId: status.statusId, partner, direction };
}

/** A statusId cut for log lines (hostile configurations can hold very long ones). */
function clipId(statusId: string): string {
  return statusId.length > 24 ? `${statusId.slice(0, 23)}…` : statusId;
}
