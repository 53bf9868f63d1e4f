/**
 * MappingTable.build at its bounds and with entries handed over as data (not through
 * parseStatusMap): the limits are exact, `left` is trimmed before a name lookup, and
 * issues quote what the admin wrote. Found missing by mutation testing.
 */
import { MappingTable } from '../../src/status-sync/mapping-table';
import { STATUS_MAP_MAX_ENTRIES } from '../../src/status-sync/status-map';
import type { PresenceStatus, StatusMapEntry } from '../../src/status-sync/types';

const offline: PresenceStatus = { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true };

function s(statusId: string, statusName: string, hasChannels = false): PresenceStatus {
  return { statusId, statusName, hasChannels, isOffline: false };
}

const statuses = [offline, s('A', 'Available', true), s('W', 'Away'), s('M', 'In a Meeting')];

function entry(left: string, partner: StatusMapEntry['partner'], direction: StatusMapEntry['direction'] = 'both', index = 0): StatusMapEntry {
  return { left, partner, direction, index };
}

describe('MappingTable.build limits', () => {
  it(`uses exactly ${STATUS_MAP_MAX_ENTRIES} entries without an issue`, () => {
    const entries = Array.from({ length: STATUS_MAP_MAX_ENTRIES }, (_, index) => entry('W', 'BREAK', 'both', index));
    const { table, issues } = MappingTable.build(statuses, entries);
    expect(issues).toEqual([]);
    expect(table.toJSON().entries).toHaveLength(STATUS_MAP_MAX_ENTRIES);
  });

  it(`refuses the entry after the ${STATUS_MAP_MAX_ENTRIES}th: it is not used`, () => {
    const entries = Array.from({ length: STATUS_MAP_MAX_ENTRIES }, (_, index) => entry('W', 'BREAK', 'both', index));
    const { table, issues } = MappingTable.build(statuses, [...entries, entry('M', 'MEETING', 'both', STATUS_MAP_MAX_ENTRIES)]);
    expect(issues).toEqual([{ source: 'statusMap', message: `1 entries refused: at most ${STATUS_MAP_MAX_ENTRIES} are used` }]);
    expect(table.toSalesforce('MEETING')).toBeUndefined();
  });
});

describe('MappingTable.build resolving LEFT', () => {
  it('trims a name before looking it up (entries handed over untrimmed)', () => {
    const { table, issues } = MappingTable.build(statuses, [entry('  in a meeting ', 'MEETING')]);
    expect(issues).toEqual([]);
    expect(table.toPartner('M')).toEqual({ status: 'MEETING', via: 'map' });
  });

  it('matches a status whose own name has surrounding spaces', () => {
    const { table, issues } = MappingTable.build([offline, s('L', ' Lunch Break ')], [entry('lunch break', 'LUNCH')]);
    expect(issues).toEqual([]);
    expect(table.toSalesforce('LUNCH')).toBe('L');
  });

  it('an issue quotes the entry as written, with its operator', () => {
    const { issues } = MappingTable.build(statuses, [entry('Nope', 'BREAK', 'toPartner'), entry('Nope', 'LUNCH', 'toSalesforce', 1), entry('Nope', 'TRAINING', 'both', 2)]);
    expect(issues.map((i) => i.entry)).toEqual(['Nope>BREAK', 'Nope<LUNCH', 'Nope=TRAINING']);
  });

  it('an ambiguous name lists at most five of its statusIds, clipped to 24 characters', () => {
    const long = 'X'.repeat(30);
    const dups = [offline, ...Array.from({ length: 6 }, (_, i) => s(`${long}${i}`, 'Dup')), s('Y'.repeat(24), 'Other', true)];
    const { issues } = MappingTable.build(dups, [entry('dup', 'BREAK')]);
    const clipped = `${'X'.repeat(23)}…`;
    expect(issues.map((i) => i.message)).toEqual([`entry skipped: ambiguous: 6 statuses have this name (write a statusId: ${Array(5).fill(clipped).join(', ')})`]);
    // Exactly 24 characters is not clipped.
    const routing = MappingTable.build(dups, [entry('Y'.repeat(24), 'BREAK')]);
    expect(routing.issues.map((i) => i.message)).toEqual([`entry skipped: Salesforce status ${'Y'.repeat(24)} has channels, but BREAK is not routable`]);
  });

  it('an exact statusId is used even when several statuses share it as a name', () => {
    const shared = [offline, s('W', 'Away'), s('X', 'W'), s('Y', 'w')];
    const { table, issues } = MappingTable.build(shared, [entry('W', 'BREAK')]);
    expect(issues).toEqual([]);
    expect(table.toPartner('W')).toEqual({ status: 'BREAK', via: 'map' });
  });
});

describe('MappingTable without a statusMap (name matching)', () => {
  it('never matches the offline status by name, and keeps "0" ↔ OFFLINE', () => {
    const { table } = MappingTable.build([{ ...offline, statusName: 'Not Ready' }, s('N', 'Not_Ready')], []);
    expect(table.toPartner('0')).toEqual({ status: 'OFFLINE', via: 'offline' });
    expect(table.toSalesforce('NOT_READY')).toBe('N');
    expect(table.toSalesforce('OFFLINE')).toBe('0');
  });

  it('a status named like a code but breaking routability falls back, and the code stays unmapped', () => {
    const { table } = MappingTable.build([offline, s('V', 'Available', false), s('B', 'Break', true)], []);
    expect(table.toPartner('V')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(table.toPartner('B')).toEqual({ status: 'AVAILABLE', via: 'fallback' });
    expect(table.toSalesforce('AVAILABLE')).toBeUndefined();
    expect(table.toSalesforce('BREAK')).toBeUndefined();
  });

  it('the first status with a code\'s name is the one published for it', () => {
    const { table } = MappingTable.build([offline, s('B1', 'Break'), s('B2', 'BREAK')], []);
    expect(table.toSalesforce('BREAK')).toBe('B1');
    expect(table.toPartner('B2')).toEqual({ status: 'BREAK', via: 'name' });
  });
});

describe('MappingTable.fromJSON', () => {
  it('refuses data that is not an object with statuses and entries arrays', () => {
    const good = MappingTable.build(statuses, [entry('W', 'BREAK')]).table.toJSON();
    expect(MappingTable.fromJSON(good)).not.toBeNull();
    expect(MappingTable.fromJSON(null)).toBeNull();
    expect(MappingTable.fromJSON({ ...good, statuses: {} })).toBeNull();
    expect(MappingTable.fromJSON({ ...good, entries: 'W=BREAK' })).toBeNull();
    expect(MappingTable.fromJSON({ statuses: good.statuses })).toBeNull();
  });
});
