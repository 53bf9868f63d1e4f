// The mapping table's finer points: several statuses for one partner code, an explicit
// OFFLINE entry, and entries whose parts are not what the parser makes.
import { MappingTable } from '../../src/status-sync/mapping-table';
import { parseStatusMap } from '../../src/status-sync/status-map';
import type { PresenceStatus, StatusMapEntry } from '../../src/status-sync/types';
import { StatusCatalogue } from '../../src/vocabulary/status-catalogue';

const offline: PresenceStatus = { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true };

function s(statusId: string, statusName: string, hasChannels = false): PresenceStatus {
  return { statusId, statusName, hasChannels, isOffline: false };
}

function build(statuses: readonly PresenceStatus[], statusMap?: string) {
  const map = parseStatusMap(statusMap);
  expect(map.issues).toEqual([]);
  return MappingTable.build(statuses, map.entries);
}

describe('partner → Salesforce when several statuses fit one code', () => {
  it('by name, publishes the first matching status in presence order', () => {
    const { table } = build([offline, s('0N5A', 'Available', true), s('0N5B', 'available', true), s('0N5C', 'AVAILABLE', true)]);
    expect(table.toSalesforce('AVAILABLE')).toBe('0N5A');
    expect(table.toPartner('0N5B')).toEqual({ status: 'AVAILABLE', via: 'name' });
  });

  it('an OFFLINE entry in the map wins over statusId "0"', () => {
    const { table, issues } = build([offline, s('0N5L', 'Logged Out'), s('0N5A', 'Available', true)], 'Logged Out=OFFLINE; Available=AVAILABLE');
    expect(issues).toEqual([]);
    expect(table.toSalesforce('OFFLINE')).toBe('0N5L');
  });

  it('by name, statusId "0" (first in presence order) keeps OFFLINE over a later status named Offline', () => {
    const { table } = build([offline, s('0N5O', 'Offline')]);
    expect(table.toSalesforce('OFFLINE')).toBe('0');
  });
});

describe('entries not made by the parser (hostile or hand-built)', () => {
  const statuses = [offline, s('0N5A', 'Available', true)];
  const entry = (fields: Record<string, unknown>) => ({ left: '0N5A', partner: 'AVAILABLE', direction: 'both', index: 0, ...fields }) as unknown as StatusMapEntry;

  it.each([
    ['a left side that is not a string', { left: 42 }],
    ['a partner code that is not a string', { partner: 7 }],
    ['an unknown direction', { direction: 'sideways' }],
  ])('skips %s with an issue, never throws, and keeps the other entries', (_, fields) => {
    const { table, issues } = MappingTable.build(statuses, [entry(fields), entry({ index: 1 })]);
    expect(issues).toEqual([expect.objectContaining({ source: 'statusMap', message: expect.stringContaining('not a valid statusMap entry') })]);
    expect(table.toPartner('0N5A')).toEqual({ status: 'AVAILABLE', via: 'map' });
    expect(table.toJSON().entries).toEqual([{ statusId: '0N5A', partner: 'AVAILABLE', direction: 'both' }]);
  });

  it('a stored table with an entry of unknown direction is refused as a whole', () => {
    const stored = {
      statuses: [
        { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true },
        { statusId: '0N5A', statusName: 'Available', hasChannels: true, isOffline: false },
      ],
      entries: [{ statusId: '0N5A', partner: 'AVAILABLE', direction: 'sideways' }],
    };
    expect(MappingTable.fromJSON(stored)).toBeNull();
    expect(MappingTable.fromJSON({ ...stored, entries: [{ statusId: '0N5A', partner: 'AVAILABLE', direction: 'both' }] })).not.toBeNull();
  });
});

describe('name matching', () => {
  // One case rule for every name comparison: lower case, as for statusMap names. A letter
  // whose upper case is two letters (ß → SS) therefore does not match them.
  const catalogue = StatusCatalogue.read([
    { code: 'OFFLINE', label: 'Offline', routable: false, offline: true },
    { code: 'READY', label: 'Ready', routable: true, offline: false },
    { code: 'AUSSENDIENST', label: 'Außendienst', routable: false, offline: false },
    { code: 'NOT_READY', label: 'Not ready', routable: false, offline: false },
  ]).catalogue;

  it('compares names in lower case, ignoring spaces, "-" and "_"', () => {
    const { table } = MappingTable.build([offline, s('0N5R', ' re-a_dy ', true), s('0N5F', 'Außendienst'), s('0N5A', 'aussen Dienst')], [], catalogue);
    expect(table.toPartner('0N5R')).toEqual({ status: 'READY', via: 'name' });
    expect(table.toPartner('0N5F')).toEqual({ status: 'NOT_READY', via: 'fallback' });
    expect(table.toPartner('0N5A')).toEqual({ status: 'AUSSENDIENST', via: 'name' });
    expect(table.toSalesforce('AUSSENDIENST')).toBe('0N5A');
  });
});
