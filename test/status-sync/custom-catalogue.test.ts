/**
 * The partner's own status vocabulary (issue 9): statusMap validation, the mapping
 * table's routability and fallbacks, and the sync rules all use the catalogue the
 * partner supplies at run time, here one with reason codes and none of the reference
 * partner's codes but NOT_READY.
 */
import { MappingTable } from '../../src/status-sync/mapping-table';
import { parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseStatusMap } from '../../src/status-sync/status-map';
import { StatusCatalogue } from '../../src/vocabulary/status-catalogue';
import { outcomes, settledAt, setup } from '../support/engine-harness';
import { AVAILABLE, AVAILABLE_2, AWAY, BUSY, CUSTOM_CATALOGUE, OFFLINE, PRESENCE_JSON, TRAINING } from '../support/status-fixtures';

const catalogue = StatusCatalogue.read(CUSTOM_CATALOGUE).catalogue;
const CUSTOM_MAP = 'Available=ready; Away=NOT_READY:LUNCH; Busy=not_ready:training';

function customTable(statusMap = CUSTOM_MAP): { table: MappingTable; issues: string[] } {
  const presence = parsePresenceStatuses(PRESENCE_JSON);
  const map = parseStatusMap(statusMap, catalogue);
  const built = MappingTable.build(presence.statuses, map.entries, catalogue);
  return { table: built.table, issues: [...map.issues, ...built.issues].map((i) => `${i.entry ?? ''}: ${i.message}`) };
}

describe('the statusMap names codes of the partner catalogue', () => {
  it('accepts them in any case and keeps the partner spelling', () => {
    expect(parseStatusMap(CUSTOM_MAP, catalogue).entries.map((e) => e.partner)).toEqual(['READY', 'NOT_READY:LUNCH', 'NOT_READY:TRAINING']);
  });

  it('refuses a code the catalogue lacks, even a reference one, naming the codes it has', () => {
    expect(parseStatusMap('Away=BREAK', catalogue).issues.map((i) => i.message)).toEqual([
      'entry skipped: unknown partner status "BREAK" (expected READY, NOT_READY:LUNCH, NOT_READY:TRAINING, NOT_READY, LOGGED_OUT)',
    ]);
  });
});

describe('the mapping table takes routability, offline and fallbacks from the catalogue', () => {
  it('maps both ways through the custom codes', () => {
    const { table, issues } = customTable();
    expect(issues).toEqual([]);
    expect(table.toPartner(AWAY)).toEqual({ status: 'NOT_READY:LUNCH', via: 'map' });
    expect(table.toSalesforce('NOT_READY:TRAINING')).toBe(BUSY);
  });

  it('pairs Offline with the catalogue offline code, and falls back to its routable code and to NOT_READY', () => {
    const { table } = customTable();
    expect(table.toPartner(OFFLINE)).toEqual({ status: 'LOGGED_OUT', via: 'offline' });
    expect(table.toSalesforce('LOGGED_OUT')).toBe(OFFLINE);
    expect(table.toPartner(AVAILABLE_2)).toEqual({ status: 'READY', via: 'fallback' });
    expect(table.toPartner(TRAINING)).toEqual({ status: 'NOT_READY', via: 'fallback' });
  });

  it('refuses an entry that breaks routability by the catalogue', () => {
    expect(customTable('Available=NOT_READY:LUNCH').issues).toEqual([
      `Available=NOT_READY:LUNCH: entry skipped: Salesforce status ${AVAILABLE} has channels, but NOT_READY:LUNCH is not routable`,
    ]);
  });

  it('matches by name against the catalogue codes without a statusMap', () => {
    const presence = parsePresenceStatuses(JSON.stringify({ '0N5R': { statusName: 'Ready', hasChannels: 'true', isOffline: 'false' } }));
    const { table } = MappingTable.build(presence.statuses, [], catalogue);
    expect(table.toPartner('0N5R')).toEqual({ status: 'READY', via: 'name' });
  });

  it('a persisted table is restored only against a catalogue that still has its codes', () => {
    const { table } = customTable();
    expect(MappingTable.fromJSON(JSON.parse(JSON.stringify(table.toJSON())), catalogue)?.toPartner(AWAY)?.status).toBe('NOT_READY:LUNCH');
    expect(MappingTable.fromJSON(JSON.parse(JSON.stringify(table.toJSON())), StatusCatalogue.REFERENCE)).toBeNull();
  });
});

describe('the sync rules with the custom catalogue', () => {
  it('an Omni change sets the custom code; a partner change with a reason code is published', () => {
    const h = setup({ table: customTable().table, partner: 'READY' });
    settledAt(h, AVAILABLE);
    expect(h.engine.omniChanged(AWAY, false).effects).toEqual([{ type: 'setPartnerStatus', status: 'NOT_READY:LUNCH' }]);
    h.advance(1);
    expect(h.engine.partnerChanged('NOT_READY:TRAINING').effects).toEqual([{ type: 'publishStatus', statusId: BUSY }]);
  });

  it('an unmapped routable custom code is set back while Salesforce has no channels (rule 6 by the catalogue)', () => {
    const h = setup({ table: customTable('Away=NOT_READY:LUNCH').table, partner: 'NOT_READY:LUNCH' });
    settledAt(h, AWAY);
    const d = h.engine.partnerChanged('READY');
    expect(outcomes(d)).toEqual(['unmapped']);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'NOT_READY:LUNCH' }]);
  });

  it('a persisted pending partner change is kept only with a code of the catalogue', () => {
    const h = setup({ table: customTable().table, call: 'connected', policy: 'defer' });
    expect(h.engine.restore({ pending: { direction: 'toSalesforce', status: 'NOT_READY:LUNCH' } })).toEqual([]);
    expect(h.engine.restore({ pending: { direction: 'toSalesforce', status: 'BREAK' } })).toEqual(['pending']);
  });
});

describe('reading a catalogue the partner supplied', () => {
  it('skips malformed and duplicate entries, each with a problem, and keeps the rest', () => {
    const { catalogue: read, problems } = StatusCatalogue.read([
      ...CUSTOM_CATALOGUE,
      { code: 'ready', label: 'again', routable: true, offline: false },
      { code: 'A=B', routable: false, offline: false },
      { code: 'X', routable: 'yes', offline: false },
      { code: 'Y', routable: true, offline: true },
      'LUNCH',
    ]);
    expect(read.codes()).toEqual(CUSTOM_CATALOGUE.map((e) => e.code));
    expect(problems).toEqual([
      'catalogue entry 5 skipped: duplicate code ready',
      'catalogue entry 6 skipped: code must be 1-64 characters without spaces around or ;, =, <, >',
      'catalogue entry 7 skipped: code X: routable and offline must be booleans',
      'catalogue entry 8 skipped: code Y: cannot be both routable and offline',
      'catalogue entry 9 skipped: expected {code, label, routable, offline}',
    ]);
  });

  it('without a usable entry, says so and uses the reference codes', () => {
    const { catalogue: read, problems } = StatusCatalogue.read('nothing');
    expect(read).toBe(StatusCatalogue.REFERENCE);
    expect(problems).toEqual(['the partner supplied no usable status catalogue: using the reference codes']);
  });

  it('says when it lacks a routable or an offline status, and still falls back to one of its codes', () => {
    const { catalogue: read, problems } = StatusCatalogue.read([{ code: 'AWAY', label: 'Away', routable: false, offline: false }]);
    expect(problems).toEqual([
      'the partner catalogue has no routable status: statuses with channels map to a non-routable one',
      'the partner catalogue has no offline status: Offline maps to a non-routable one',
    ]);
    expect([read.fallback('routable'), read.fallback('notReady'), read.fallback('offline')]).toEqual(['AWAY', 'AWAY', 'AWAY']);
  });
});
