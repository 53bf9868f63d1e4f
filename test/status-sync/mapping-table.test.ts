import fc from 'fast-check';
import { readSharedSpec } from '../support/shared-spec';
import { PARTNER_STATUSES, PartnerStatus, isRoutable } from '../../src/vocabulary/partner-status';
import { MappingTable, type MappingTableData } from '../../src/status-sync/mapping-table';
import { parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseStatusMap } from '../../src/status-sync/status-map';
import type { PresenceStatus, StatusMapEntry } from '../../src/status-sync/types';
import { fcOptions } from '../support/fc-runs';

const EXAMPLE = readSharedSpec('user-presence-statuses.example.json');
const OFFLINE_ID = '0';
const AVAILABLE_ID = '0N5xx0000004CSO';
const AWAY_ID = '0N5xx0000004D56';
const BUSY_ID = '0N5xx0000004D3U';

const offline: PresenceStatus = { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true };

function s(statusId: string, statusName: string, hasChannels = false): PresenceStatus {
  return { statusId, statusName, hasChannels, isOffline: false };
}

/** Builds from configuration text the way the engine does, asserting the parsers found no issue. */
function fromConfig(statusMap: string | undefined, statuses: string | readonly PresenceStatus[] = EXAMPLE) {
  const presence = typeof statuses === 'string' ? parsePresenceStatuses(statuses).statuses : statuses;
  const map = parseStatusMap(statusMap);
  expect(map.issues).toEqual([]);
  return MappingTable.build(presence, map.entries);
}

function table(statusMap: string | undefined, statuses: string | readonly PresenceStatus[] = EXAMPLE): MappingTable {
  const built = fromConfig(statusMap, statuses);
  expect(built.issues).toEqual([]);
  return built.table;
}

describe('MappingTable with the guide example and "Available=AVAILABLE; Away=BREAK; Busy=MEETING"', () => {
  // Built per test, not while jest collects them: mutation runs see which tests reach the parsers.
  let example: MappingTable;
  beforeEach(() => (example = table('Available=AVAILABLE; Away=BREAK; Busy=MEETING')));

  it.each([
    [AVAILABLE_ID, { status: 'AVAILABLE', via: 'map' }],
    [AWAY_ID, { status: 'BREAK', via: 'map' }],
    [BUSY_ID, { status: 'MEETING', via: 'map' }],
    [OFFLINE_ID, { status: 'OFFLINE', via: 'offline' }],
  ])('Salesforce %s goes to the partner as %o', (statusId, target) => {
    expect(example.toPartner(statusId)).toEqual(target);
  });

  const reverse: Record<PartnerStatus, string | undefined> = {
    AVAILABLE: AVAILABLE_ID,
    BREAK: AWAY_ID,
    LUNCH: undefined,
    MEETING: BUSY_ID,
    TRAINING: undefined,
    NOT_READY: undefined,
    OFFLINE: OFFLINE_ID,
  };
  it.each(PARTNER_STATUSES)('partner %s goes to Salesforce as the mapped statusId, or unmapped', (code) => {
    expect(example.toSalesforce(code)).toBe(reverse[code]);
  });

  it('an unknown statusId has no partner target', () => {
    expect(example.toPartner('0N5xx000000NOPE')).toBeUndefined();
  });

  it('knows each presence status by statusId, "0" first', () => {
    expect(example.statuses().map((x) => x.statusId)).toEqual([OFFLINE_ID, AVAILABLE_ID, AWAY_ID, BUSY_ID]);
    expect(example.presence(AWAY_ID)).toEqual({ statusId: AWAY_ID, statusName: 'Away', hasChannels: false, isOffline: false });
    expect(example.presence('nope')).toBeUndefined();
  });

});

describe('MappingTable.toPartner rules', () => {
  const statuses = [offline, s('A', 'Available', true), s('B', 'Break'), s('N', 'Not Ready'), s('L', 'lunch'), s('X', 'Coffee'), s('R', 'Ringing', true)];

  it('(1) the first entry for a statusId wins, by statusMap order', () => {
    const t = table('B=BREAK; B>LUNCH; Break=MEETING', statuses);
    expect(t.toPartner('B')).toEqual({ status: 'BREAK', via: 'map' });
  });

  it('(1) entries are ordered by their index even if handed over out of order', () => {
    const entries: StatusMapEntry[] = [
      { left: 'B', partner: 'LUNCH', direction: 'both', index: 1 },
      { left: 'B', partner: 'BREAK', direction: 'both', index: 0 },
    ];
    const { table: t } = MappingTable.build(statuses, entries);
    expect(t.toPartner('B')).toEqual({ status: 'BREAK', via: 'map' });
    expect(t.toSalesforce('LUNCH')).toBe('B');
  });

  it('(1) a "<" entry is not used toward the partner; a later "=" entry is', () => {
    const t = table('B<BREAK; B=LUNCH', statuses);
    expect(t.toPartner('B')).toEqual({ status: 'LUNCH', via: 'map' });
  });

  it('(1) the map wins over the offline rule for "0"', () => {
    expect(table('0>NOT_READY', statuses).toPartner('0')).toEqual({ status: 'NOT_READY', via: 'map' });
    expect(table('Offline=BREAK', statuses).toPartner('0')).toEqual({ status: 'BREAK', via: 'map' });
  });

  it('with a valid map, an unmapped status is not matched by name: it falls back by routability', () => {
    const t = table('A=AVAILABLE', statuses);
    expect(t.toPartner('B')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(t.toPartner('L')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(t.toPartner('R')).toEqual({ status: 'AVAILABLE', via: 'fallback' });
    expect(t.toPartner('0')).toEqual({ status: 'OFFLINE', via: 'offline' });
  });

  it.each([
    ['absent', undefined],
    ['blank', '  '],
  ])('(2) with the map %s, statuses are matched by name, ignoring case, spaces, "-" and "_"', (_label, statusMap) => {
    const t = table(statusMap, statuses);
    expect(t.toPartner('A')).toEqual({ status: 'AVAILABLE', via: 'name' });
    expect(t.toPartner('B')).toEqual({ status: 'BREAK', via: 'name' });
    expect(t.toPartner('N')).toEqual({ status: 'NOT_READY', via: 'name' });
    expect(t.toPartner('L')).toEqual({ status: 'LUNCH', via: 'name' });
    expect(t.toPartner('X')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(t.toPartner('R')).toEqual({ status: 'AVAILABLE', via: 'fallback' });
    expect(t.toPartner('0')).toEqual({ status: 'OFFLINE', via: 'offline' });
  });

  it.each(['not-ready', 'NOT_READY', 'Not Ready', ' not _- ready ', 'NotReady'])('(2) "%s" matches NOT_READY by name', (name) => {
    expect(table(undefined, [offline, s('N', name)]).toPartner('N')).toEqual({ status: 'NOT_READY', via: 'name' });
  });

  it('(2) with a map whose every entry is invalid, statuses are matched by name', () => {
    const built = MappingTable.build(statuses, parseStatusMap('Nobody=BREAK; Available=BREAK').entries);
    expect(built.issues).toHaveLength(2);
    expect(built.table.toPartner('B')).toEqual({ status: 'BREAK', via: 'name' });
    expect(built.table.toSalesforce('BREAK')).toBe('B');
  });

  it('(2) a name match that breaks routability is not used', () => {
    const t = table(undefined, [offline, s('A', 'Available', false), s('B', 'Break', true)]);
    expect(t.toPartner('A')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(t.toPartner('B')).toEqual({ status: 'AVAILABLE', via: 'fallback' });
    expect(t.toSalesforce('AVAILABLE')).toBeUndefined();
    expect(t.toSalesforce('BREAK')).toBeUndefined();
  });

  it('(2)(3) "0" and OFFLINE pair with each other, never by name with another status', () => {
    const t = table(undefined, [{ ...offline, statusName: 'Not Ready' }, s('G', 'Offline'), s('N', 'not ready')]);
    expect(t.toPartner('0')).toEqual({ status: 'OFFLINE', via: 'offline' });
    expect(t.toPartner('G')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(t.toSalesforce('OFFLINE')).toBe('0');
    expect(t.toSalesforce('NOT_READY')).toBe('N');
  });
});

describe('MappingTable.toSalesforce rules', () => {
  const statuses = [offline, s('A1', 'Available', true), s('A2', 'Available Phone', true), s('B1', 'Break'), s('B2', 'Coffee'), s('T', 'Training')];

  it('(1) many-to-one: the FIRST entry in statusMap order for a code is the one published', () => {
    expect(table('A2=AVAILABLE; A1=AVAILABLE; B2=BREAK; B1=BREAK', statuses).toSalesforce('AVAILABLE')).toBe('A2');
    expect(table('A1=AVAILABLE; A2=AVAILABLE; B2=BREAK; B1=BREAK', statuses).toSalesforce('BREAK')).toBe('B2');
  });

  it('(1) a ">" entry is not used toward Salesforce; a later "<" entry is', () => {
    const t = table('B1>BREAK; B2<BREAK', statuses);
    expect(t.toSalesforce('BREAK')).toBe('B2');
    expect(t.toPartner('B2')).toEqual({ status: 'NOT_READY', via: 'fallback' });
  });

  it('(1) an entry mapping OFFLINE overrides "0"', () => {
    const t = table('B2<OFFLINE', statuses);
    expect(t.toSalesforce('OFFLINE')).toBe('B2');
    expect(t.toPartner('0')).toEqual({ status: 'OFFLINE', via: 'offline' });
  });

  it('(2) without a map: the first status in presence order whose name matches', () => {
    const t = table(undefined, [offline, s('T1', 'training'), s('T2', 'TRAINING')]);
    expect(t.toSalesforce('TRAINING')).toBe('T1');
  });

  it('(3) OFFLINE is "0" with or without a map', () => {
    expect(table(undefined, statuses).toSalesforce('OFFLINE')).toBe('0');
    expect(table('A1=AVAILABLE', statuses).toSalesforce('OFFLINE')).toBe('0');
  });

  it('(4) with a map, a code that no entry names is unmapped, even if a status has its name', () => {
    const t = table('A1=AVAILABLE', statuses);
    expect(t.toSalesforce('TRAINING')).toBeUndefined();
    expect(t.toSalesforce('LUNCH')).toBeUndefined();
  });
});

describe('MappingTable.build resolves and checks each entry', () => {
  const statuses = [offline, s('A', 'Available', true), s('AWAY', 'Busy'), s('B', 'away'), s('D1', 'Dup'), s('D2', ' dup ')];

  it('LEFT is an exact statusId first, even if another status has it as a name', () => {
    const t = table('AWAY=BREAK', statuses);
    expect(t.toPartner('AWAY')).toEqual({ status: 'BREAK', via: 'map' });
    expect(t.toPartner('B')).toEqual({ status: 'NOT_READY', via: 'fallback' });
  });

  it('else a statusName, case-insensitively and trimmed', () => {
    expect(table('AVAILABLE=available; BUSY=MEETING', statuses).toSalesforce('MEETING')).toBe('AWAY');
  });

  it('statusIds are case-sensitive: a case-changed id is read as a name', () => {
    expect(fromConfig('a=AVAILABLE', statuses).issues.map((i) => i.message)).toEqual([
      'entry skipped: no Salesforce status has this statusId or name (case-insensitive)',
    ]);
  });

  it('an unknown LEFT is skipped with an issue', () => {
    const { table: t, issues } = fromConfig('Lunch=LUNCH; A=AVAILABLE', statuses);
    expect(issues).toEqual([
      { source: 'statusMap', entry: 'Lunch=LUNCH', message: 'entry skipped: no Salesforce status has this statusId or name (case-insensitive)' },
    ]);
    expect(t.toSalesforce('LUNCH')).toBeUndefined();
    expect(t.toPartner('A')).toEqual({ status: 'AVAILABLE', via: 'map' });
  });

  it('a name shared by several statuses is ambiguous: skipped with an issue listing their statusIds', () => {
    const { table: t, issues } = fromConfig('dup>LUNCH', statuses);
    expect(issues).toEqual([
      { source: 'statusMap', entry: 'dup>LUNCH', message: 'entry skipped: ambiguous: 2 statuses have this name (write a statusId: D1, D2)' },
    ]);
    expect(table('D2>LUNCH', statuses).toPartner('D2')).toEqual({ status: 'LUNCH', via: 'map' });
    expect(t.toPartner('D1')).toEqual({ status: 'NOT_READY', via: 'fallback' });
  });

  describe('routability (rule 6), in every direction', () => {
    const cases = PARTNER_STATUSES.flatMap((code) =>
      (['=', '>', '<'] as const).flatMap((operator) => [
        { code, operator, statusId: 'A', hasChannels: true },
        { code, operator, statusId: 'AWAY', hasChannels: false },
        { code, operator, statusId: '0', hasChannels: false },
      ]),
    );
    it.each(cases)('$statusId (hasChannels $hasChannels) $operator $code', ({ code, operator, statusId, hasChannels }) => {
      const { table: t, issues } = fromConfig(`${statusId}${operator}${code}`, statuses);
      const allowed = isRoutable(code) === hasChannels;
      if (allowed) {
        expect(issues).toEqual([]);
        if (operator !== '<') expect(t.toPartner(statusId)).toEqual({ status: code, via: 'map' });
        if (operator !== '>') expect(t.toSalesforce(code)).toBe(statusId);
      } else {
        const why = hasChannels
          ? `Salesforce status ${statusId} has channels, but ${code} is not routable`
          : `Salesforce status ${statusId} has no channels, but ${code} is routable`;
        expect(issues).toEqual([{ source: 'statusMap', entry: `${statusId}${operator}${code}`, message: `entry skipped: ${why}` }]);
        // Nothing valid is left: the table falls back to names, so "A" (Available) still routes.
        expect(t.toPartner(statusId)?.via).not.toBe('map');
      }
    });
  });

  it('an entry that is not a parsed statusMap entry is skipped with an issue', () => {
    const bad = { left: 'A', partner: 'SLEEPING', direction: 'both', index: 0 } as unknown as StatusMapEntry;
    const odd = { left: 'A', partner: 'AVAILABLE', direction: 'sideways', index: 1 } as unknown as StatusMapEntry;
    const { issues } = MappingTable.build(statuses, [bad, odd]);
    expect(issues).toEqual([
      { source: 'statusMap', entry: 'A=SLEEPING', message: 'entry skipped: the partner has no status SLEEPING (its catalogue: AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE)' },
      { source: 'statusMap', entry: 'A?AVAILABLE', message: 'entry skipped: not a valid statusMap entry' },
    ]);
  });

  it('more than 1,000 entries: the rest are refused with one issue', () => {
    const entries = Array.from({ length: 1_002 }, (_, index): StatusMapEntry => ({ left: 'AWAY', partner: 'BREAK', direction: 'both', index }));
    const { table: t, issues } = MappingTable.build(statuses, entries);
    expect(issues).toEqual([{ source: 'statusMap', message: '2 entries refused: at most 1000 are used' }]);
    expect(t.toJSON().entries).toHaveLength(1_000);
  });

  it('statuses are normalised: "0" added and first, duplicates reported', () => {
    const { table: t, issues } = MappingTable.build([s('A', 'Available', true), s('A', 'Again')], []);
    expect(t.statuses().map((x) => x.statusId)).toEqual(['0', 'A']);
    expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: 'A', message: 'status skipped: duplicate statusId (first kept)' }]);
  });
});

describe('MappingTable with hostile statusIds', () => {
  // Built per test (see above).
  let t: MappingTable;
  beforeEach(() => (t = table('A=AVAILABLE', [offline, s('A', 'Available', true), s('toString', 'Break')])));

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'valueOf'])('"%s" is simply unknown', (statusId) => {
    expect(t.toPartner(statusId)).toBeUndefined();
    expect(t.presence(statusId)).toBeUndefined();
  });

  it('an ordinary "toString" statusId is looked up like any other', () => {
    expect(t.toPartner('toString')).toEqual({ status: 'NOT_READY', via: 'fallback' });
  });

  it('toSalesforce of a non-code string is undefined', () => {
    expect(t.toSalesforce('__proto__')).toBeUndefined();
  });
});

describe('MappingTable is immutable', () => {
  it('answers and lists are frozen; changing toJSON output changes nothing', () => {
    const t = table('Away=BREAK');
    expect(Object.isFrozen(t.toPartner(AWAY_ID))).toBe(true);
    expect(Object.isFrozen(t.statuses())).toBe(true);
    expect(Object.isFrozen(t.statuses()[1])).toBe(true);
    const data = t.toJSON() as unknown as { statuses: PresenceStatus[]; entries: { partner: string }[] };
    data.statuses.length = 0;
    (data.entries[0] as { partner: string }).partner = 'LUNCH';
    expect(t.toPartner(AWAY_ID)).toEqual({ status: 'BREAK', via: 'map' });
    expect(t.statuses()).toHaveLength(4);
  });
});


describe('MappingTable.toJSON / fromJSON', () => {
  // Built per test, not while jest collects them: mutation runs see which tests reach the parsers.
  let example: MappingTable;
  beforeEach(() => (example = table('Available=AVAILABLE; Away>BREAK; Busy<BREAK; 0=OFFLINE')));

  it('gives plain data that survives JSON and restores the same answers', () => {
    const data = example.toJSON();
    expect(data).toEqual({
      statuses: parsePresenceStatuses(EXAMPLE).statuses,
      entries: [
        { statusId: AVAILABLE_ID, partner: 'AVAILABLE', direction: 'both' },
        { statusId: AWAY_ID, partner: 'BREAK', direction: 'toPartner' },
        { statusId: BUSY_ID, partner: 'BREAK', direction: 'toSalesforce' },
        { statusId: OFFLINE_ID, partner: 'OFFLINE', direction: 'both' },
      ],
    });
    const restored = MappingTable.fromJSON(JSON.parse(JSON.stringify(data)));
    expect(restored).not.toBeNull();
    expect(restored?.toJSON()).toEqual(data);
    for (const x of example.statuses()) expect(restored?.toPartner(x.statusId)).toEqual(example.toPartner(x.statusId));
    for (const code of PARTNER_STATUSES) expect(restored?.toSalesforce(code)).toBe(example.toSalesforce(code));
  });

  const valid = (): { statuses: Record<string, unknown>[]; entries: Record<string, unknown>[] } =>
    JSON.parse(JSON.stringify(example.toJSON())) as { statuses: Record<string, unknown>[]; entries: Record<string, unknown>[] };

  it.each<[string, (d: ReturnType<typeof valid>) => unknown]>([
    ['null', () => null],
    ['a string', () => 'table'],
    ['an array', (d) => [d.statuses, d.entries]],
    ['an extra top-level field', (d) => ({ ...d, version: 1 })],
    ['no entries field', (d) => ({ statuses: d.statuses })],
    ['statuses not an array', (d) => ({ ...d, statuses: {} })],
    ['entries not an array', (d) => ({ ...d, entries: 'x' })],
    ['no statuses', (d) => ({ ...d, statuses: [], entries: [] })],
    ['"0" missing', (d) => ({ statuses: d.statuses.slice(1), entries: [] })],
    ['"0" not first', (d) => ({ ...d, statuses: [d.statuses[1], d.statuses[0], ...d.statuses.slice(2)] })],
    ['"0" with channels', (d) => ({ ...d, statuses: [{ ...d.statuses[0], hasChannels: true }, ...d.statuses.slice(1)] })],
    ['"0" not offline', (d) => ({ ...d, statuses: [{ ...d.statuses[0], isOffline: false }, ...d.statuses.slice(1)] })],
    ['another offline status', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[2], isOffline: true }] })],
    ['a duplicate statusId', (d) => ({ ...d, statuses: [...d.statuses, d.statuses[1]] })],
    ['a status with an extra field', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], extra: 1 }] })],
    ['a status missing a field', (d) => ({ ...d, statuses: [d.statuses[0], { statusId: 'x', statusName: 'y', hasChannels: false }], entries: [] })],
    ['a status that is not an object', (d) => ({ ...d, statuses: [d.statuses[0], 'x'], entries: [] })],
    ['a numeric statusId', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], statusId: 1 }], entries: [] })],
    ['an empty statusId', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], statusId: '' }], entries: [] })],
    ['a reserved statusId', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], statusId: '__proto__' }], entries: [] })],
    ['a blank statusName', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], statusName: ' ' }], entries: [] })],
    ['a string boolean', (d) => ({ ...d, statuses: [d.statuses[0], { ...d.statuses[1], hasChannels: 'true' }], entries: [] })],
    ['an entry for an unknown statusId', (d) => ({ ...d, entries: [{ ...d.entries[0], statusId: 'nope' }] })],
    ['an entry with an unknown code', (d) => ({ ...d, entries: [{ ...d.entries[0], partner: 'AWAY' }] })],
    ['an entry with a lower-case code', (d) => ({ ...d, entries: [{ ...d.entries[0], partner: 'available' }] })],
    ['an entry with an unknown direction', (d) => ({ ...d, entries: [{ ...d.entries[0], direction: 'up' }] })],
    ['an entry with an extra field', (d) => ({ ...d, entries: [{ ...d.entries[0], index: 0 }] })],
    ['an entry that is null', (d) => ({ ...d, entries: [null] })],
    ['an entry breaking routability', (d) => ({ ...d, entries: [{ ...d.entries[0], partner: 'BREAK' }] })],
    ['too many entries', (d) => ({ ...d, entries: Array.from({ length: 1_001 }, () => d.entries[1]) })],
    ['too many statuses', (d) => ({ statuses: [d.statuses[0], ...Array.from({ length: 20_001 }, (_, i) => ({ ...d.statuses[2], statusId: `S${i}` }))], entries: [] })],
    ['a throwing getter', (d) => ({ ...d, get entries(): unknown { throw new Error('boom'); } })],
  ])('rejects %s with null, without throwing', (_label, mutate) => {
    const data = mutate(valid());
    expect(MappingTable.fromJSON(data)).toBeNull();
  });

  it('accepts exactly the 20,001-status and 1,000-entry limits', () => {
    const d = valid();
    const statuses = [d.statuses[0], ...Array.from({ length: 20_000 }, (_, i) => ({ ...d.statuses[2], statusId: `S${i}` }))];
    const entries = Array.from({ length: 1_000 }, () => ({ statusId: 'S0', partner: 'BREAK', direction: 'both' }));
    expect(MappingTable.fromJSON({ statuses, entries })?.toSalesforce('BREAK')).toBe('S0');
  });

  it('round-trips exactly for any table built from generated configuration (fast-check)', () => {
    const codes = fc.constantFrom(...PARTNER_STATUSES);
    const presence = fc.uniqueArray(
      fc.record({ statusId: fc.oneof(fc.constant('0'), fc.string({ minLength: 1, maxLength: 6 })), statusName: fc.constantFrom('Available', 'Break', 'Not Ready', 'Lunch', 'Busy', 'x', 'Offline'), hasChannels: fc.boolean(), isOffline: fc.boolean() }),
      { selector: (x) => x.statusId, maxLength: 8 },
    );
    fc.assert(
      fc.property(presence, fc.array(fc.tuple(fc.nat(9), fc.constantFrom('=', '>', '<'), codes), { maxLength: 8 }), (statuses, picks) => {
        const map = picks.map(([i, op, code]) => `${statuses[i]?.statusName ?? statuses[i % 2]?.statusId ?? '0'}${op}${code}`).join(';');
        const { table: t } = MappingTable.build(statuses, parseStatusMap(map).entries);
        const data: MappingTableData = t.toJSON();
        const restored = MappingTable.fromJSON(JSON.parse(JSON.stringify(data)));
        expect(restored).not.toBeNull();
        expect(restored?.toJSON()).toEqual(data);
        for (const x of t.statuses()) expect(restored?.toPartner(x.statusId)).toEqual(t.toPartner(x.statusId));
      }),
      fcOptions(300),
    );
  });
});
