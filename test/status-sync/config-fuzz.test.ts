/**
 * Property tests: whatever the configuration holds, the parsers and the mapping table
 * never throw and always hand the engine data that keeps the sync invariants.
 */
import fc from 'fast-check';
import { PARTNER_STATUSES, isPartnerStatus, isRoutable } from '../../src/vocabulary/partner-status';
import { MappingTable, type MappingTableData } from '../../src/status-sync/mapping-table';
import { isReservedStatusId, parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseOnCallPolicy, parseStatusMap } from '../../src/status-sync/status-map';
import type { ConfigIssue, ConfigSource, PresenceStatus } from '../../src/status-sync/types';
import { fcOptions } from '../support/fc-runs';

// Run counts: 3,000 + 3,000 + 1,000 + 2,000 + 1,500 = 10,500 runs in all (scaled by
// FC_RUNS_SCALE; FC_SEED replays a failure: test/support/fc-runs.ts).
const PRESENCE_RUNS = fcOptions(3_000);
const STATUS_MAP_RUNS = fcOptions(3_000);
const POLICY_RUNS = fcOptions(1_000);
const BUILD_RUNS = fcOptions(2_000);
const FROM_JSON_RUNS = fcOptions(1_500);

/** Keeps generated junk small: size, not depth, is what finds parser bugs here. */
const SMALL = { maxDepth: 2 } as const;

const OBJECT_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

afterAll(() => {
  // Nothing any run did reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).statusName).toBeUndefined();
});

// --- vocabulary shared by the generators, so that generated maps often resolve ---

const ids = fc.constantFrom('0', 'A1', 'A2', 'B1', 'N1', 'O1', '__proto__', 'constructor', 'prototype', 'toString', '', ' ', '1', '00');
const names = fc.constantFrom('Offline', 'Available', 'available ', 'Break', 'Not Ready', 'not_ready', 'Lunch', 'Busy', 'Away', 'A1', '', '  ', 'Offline ');
const booleans = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('true', 'false', true, false) }, { weight: 1, arbitrary: fc.constantFrom('TRUE', 'yes', '', 1, 0, null) });
const codes = fc.oneof(fc.constantFrom(...PARTNER_STATUSES), fc.constantFrom('available', 'Break', 'BRAEK', '', 'not ready'));

/** An entry as Salesforce might send it, or broken in one of many ways. */
const presenceEntry = fc.oneof(
  { weight: 8, arbitrary: fc.record({ statusName: fc.oneof({ weight: 4, arbitrary: names }, { weight: 1, arbitrary: fc.string() }), hasChannels: booleans, isOffline: booleans }) },
  { weight: 1, arbitrary: fc.record({ statusName: fc.oneof(names, fc.string()), hasChannels: booleans, isOffline: booleans }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue(SMALL) },
);

/** Builds the JSON text by hand so hostile keys such as "__proto__" become real own keys. */
const presenceJson = fc
  .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: ids }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), presenceEntry, fc.boolean()), { maxLength: 12 })
  .map((pairs) => {
    const members = pairs.map(([key, entry, withId]) => {
      const value = withId && typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? { ...entry, statusId: key } : entry;
      return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    });
    return `{${members.join(',')}}`;
  });

const presenceRaw = fc.oneof(
  { weight: 4, arbitrary: presenceJson },
  { weight: 2, arbitrary: presenceJson.map((text): unknown => JSON.parse(text)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.json(SMALL) },
  { weight: 1, arbitrary: fc.anything(SMALL) },
);

const mapText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(fc.tuple(fc.oneof(ids, names), fc.constantFrom('=', '>', '<'), codes).map(([l, op, c]) => `${l}${op}${c}`), fc.constantFrom('', ' ', 'x', '=', 'a=b=c')), { maxLength: 10 })
      .chain((entries) => fc.constantFrom(';', '\n', '\r\n', ' ; ').map((sep) => entries.join(sep))),
  },
  { weight: 1, arbitrary: fc.string() },
);

const mapRaw = fc.oneof({ weight: 5, arbitrary: mapText }, { weight: 1, arbitrary: fc.anything(SMALL) });

// --- invariants ---

// The checks collect problems as text and assert once per run: a per-field `expect` costs
// more than the code under test, and the whole file has a time budget.

function issueProblems(issues: readonly ConfigIssue[], sources: readonly ConfigSource[]): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    if (!sources.includes(issue.source)) problems.push(`issue from ${issue.source}`);
    if (typeof issue.message !== 'string' || issue.message === '') problems.push('issue without a message');
    if (issue.entry !== undefined && issue.entry.length > 100) problems.push('issue entry longer than 100');
  }
  return problems;
}

const STATUS_KEYS = 'statusId,statusName,hasChannels,isOffline';

function statusProblems(statuses: readonly PresenceStatus[]): string[] {
  const problems: string[] = [];
  const first = statuses[0];
  if (first?.statusId !== '0' || first.hasChannels || !first.isOffline) problems.push('"0" is not first, offline and without channels');
  const seen = new Set<string>();
  for (const status of statuses) {
    const id = JSON.stringify(status.statusId);
    if (Object.keys(status).join(',') !== STATUS_KEYS) problems.push(`${id}: fields ${Object.keys(status).join(',')}`);
    if (typeof status.statusId !== 'string' || status.statusId.trim() === '') problems.push(`${id}: bad statusId`);
    if (isReservedStatusId(status.statusId)) problems.push(`${id}: reserved statusId`);
    if (typeof status.statusName !== 'string' || status.statusName.trim() === '') problems.push(`${id}: bad statusName`);
    if (typeof status.hasChannels !== 'boolean') problems.push(`${id}: hasChannels not boolean`);
    if (status.isOffline !== (status.statusId === '0')) problems.push(`${id}: isOffline wrong`);
    if (seen.has(status.statusId)) problems.push(`${id}: duplicate`);
    seen.add(status.statusId);
  }
  return problems;
}

function tableProblems(table: MappingTable, parsed: readonly PresenceStatus[]): string[] {
  const problems = statusProblems(table.statuses());
  for (const status of parsed) {
    // Rule 6: every known status has a partner target, routable exactly when it has channels.
    const target = table.toPartner(status.statusId);
    const id = JSON.stringify(status.statusId);
    if (target === undefined) problems.push(`${id}: no partner target`);
    else if (isRoutable(target.status) !== status.hasChannels) problems.push(`${id} -> ${target.status}: routability broken`);
    const known = table.presence(status.statusId);
    if (known?.statusName !== status.statusName || known.hasChannels !== status.hasChannels) problems.push(`${id}: presence differs`);
  }
  for (const code of PARTNER_STATUSES) {
    const statusId = table.toSalesforce(code);
    if (statusId === undefined) continue;
    const status = table.presence(statusId);
    if (status === undefined) problems.push(`${code} -> unknown ${JSON.stringify(statusId)}`);
    else if (isRoutable(code) !== status.hasChannels) problems.push(`${code} -> ${JSON.stringify(statusId)}: routability broken`);
  }
  if (table.toSalesforce('OFFLINE') === undefined) problems.push('OFFLINE unmapped');
  return problems;
}

describe('configuration fuzz', () => {
  it('parsePresenceStatuses: never throws; "0" first and offline; every status canonical', () => {
    fc.assert(
      fc.property(presenceRaw, (raw) => {
        const { statuses, issues } = parsePresenceStatuses(raw);
        expect([...statusProblems(statuses), ...issueProblems(issues, ['userPresenceStatuses'])]).toEqual([]);
      }),
      PRESENCE_RUNS,
    );
  });

  it('parseStatusMap: never throws; every entry valid, in order; one issue per skipped entry', () => {
    fc.assert(
      fc.property(mapRaw, (raw) => {
        const { entries, issues, present } = parseStatusMap(raw);
        const problems = issueProblems(issues, ['statusMap']);
        let last = -1;
        for (const entry of entries) {
          const { left, partner, direction, index } = entry;
          if (left !== left.trim() || left === '' || /[;\r\n=<>]/.test(left)) problems.push(`bad left ${JSON.stringify(left)}`);
          if (!isPartnerStatus(partner)) problems.push(`bad partner ${String(partner)}`);
          if (!['both', 'toPartner', 'toSalesforce'].includes(direction)) problems.push(`bad direction ${String(direction)}`);
          if (!(index > last)) problems.push(`index ${index} after ${last}`);
          last = index;
        }
        expect(problems).toEqual([]);
        if (typeof raw === 'string') {
          const written = raw.split(/[;\r\n]/).filter((text) => text.trim() !== '').length;
          expect(present).toBe(raw.trim() !== '');
          expect(entries.length + issues.length).toBe(written);
        } else if (raw !== undefined && raw !== null) {
          expect({ entries, issueCount: issues.length, present }).toEqual({ entries: [], issueCount: 1, present: true });
        }
      }),
      STATUS_MAP_RUNS,
    );
  });

  it('parseOnCallPolicy: never throws; defer only when written, otherwise ignore', () => {
    const raw = fc.oneof(fc.constantFrom('defer', ' DEFER ', 'Ignore', '', 'later'), fc.string(), fc.anything(SMALL));
    fc.assert(
      fc.property(raw, (value) => {
        const { policy, issues } = parseOnCallPolicy(value);
        expect(policy).toBe(typeof value === 'string' && value.trim().toLowerCase() === 'defer' ? 'defer' : 'ignore');
        expect(issues.length).toBeLessThanOrEqual(1);
        expect(issueProblems(issues, ['onCallPolicy'])).toEqual([]);
      }),
      POLICY_RUNS,
    );
  });

  it('MappingTable.build: never throws; targets for every parsed status keep routability; round-trips', () => {
    fc.assert(
      fc.property(presenceRaw, mapRaw, (presenceValue, mapValue) => {
        const { statuses } = parsePresenceStatuses(presenceValue);
        const { entries } = parseStatusMap(mapValue);
        const { table, issues } = MappingTable.build(statuses, entries);
        expect([...issueProblems(issues, ['userPresenceStatuses', 'statusMap']), ...tableProblems(table, statuses)]).toEqual([]);
        const restored = MappingTable.fromJSON(JSON.parse(JSON.stringify(table.toJSON())));
        expect(restored?.toJSON()).toEqual(table.toJSON());
      }),
      BUILD_RUNS,
    );
  });

  it('MappingTable.fromJSON: never throws; anything it accepts round-trips exactly and keeps the invariants', () => {
    const base = fc.tuple(presenceJson, mapText).map(([presence, map]) => {
      const { statuses } = parsePresenceStatuses(presence);
      return MappingTable.build(statuses, parseStatusMap(map).entries).table.toJSON();
    });
    const statusField = fc.constantFrom('statusId', 'statusName', 'hasChannels', 'isOffline', 'extra');
    const entryField = fc.constantFrom('statusId', 'partner', 'direction', 'index');
    const value = fc.oneof(fc.boolean(), ids, names, codes, fc.constantFrom('both', 'toPartner', 'toSalesforce'), fc.jsonValue(SMALL));
    /** One random edit of valid data: change, add or delete a field of a status or an entry, reorder, or add a top-level field. */
    const mutated = fc
      .tuple(base, fc.nat(), fc.constantFrom('set', 'set', 'set', 'delete', 'swap', 'top'), statusField, entryField, value)
      .map(([data, at, how, statusKey, entryKey, v]) => {
        const copy = JSON.parse(JSON.stringify(data)) as { statuses: Record<string, unknown>[]; entries: Record<string, unknown>[] } & Record<string, unknown>;
        const onStatus = at % 3 === 0 || copy.entries.length === 0;
        const list = onStatus ? copy.statuses : copy.entries;
        const key = onStatus ? statusKey : entryKey;
        const item = list[at % list.length] as Record<string, unknown>;
        if (how === 'set') item[key] = v;
        else if (how === 'delete') delete item[key];
        else if (how === 'swap') list.reverse();
        else copy[key] = v;
        return copy;
      });
    const input = fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: base }, { weight: 1, arbitrary: fc.anything(SMALL) });
    fc.assert(
      fc.property(input, (data) => {
        const table = MappingTable.fromJSON(data);
        if (table === null) return;
        expect(table.toJSON()).toEqual(data);
        expect(tableProblems(table, (data as MappingTableData).statuses)).toEqual([]);
      }),
      FROM_JSON_RUNS,
    );
  });
});
