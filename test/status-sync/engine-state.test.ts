/**
 * Reading persisted engine state back (`readEngineState`): storage is input like any
 * other (another version, a corrupt write, a hand-edited value), so every field is
 * checked against its shape and the current mapping table, and only what passes is kept
 * (an absent pending change reads as none).
 */
import { readEngineState } from '../../src/status-sync/engine-state';
import type { SyncLogEntry } from '../../src/vocabulary/sync-log';
import { AVAILABLE, AWAY, BUSY, exampleTable } from '../support/status-fixtures';

const table = exampleTable();
const read = (data: unknown): ReturnType<typeof readEngineState> => readEngineState(data, table);

const GOOD_ENTRY: SyncLogEntry = { at: 5, direction: 'toSalesforce', from: 'AVAILABLE', to: 'BREAK', outcome: 'applied', reason: 'published' };

describe('readEngineState', () => {
  it('keeps a well-formed state whole', () => {
    const state = {
      salesforceStatusId: AWAY,
      pending: { direction: 'toPartner', status: 'MEETING', statusId: BUSY },
      salesforceNext: BUSY,
      held: { at: 7, enqueued: true },
      awaitingEcho: [{ statusId: AWAY, at: 3 }],
      syncLog: [GOOD_ENTRY, { ...GOOD_ENTRY, from: null }],
    };
    expect(read(state)).toEqual({ state, dropped: [] });
  });

  it('drops a status id the table does not know, or that is no string, and says which field', () => {
    expect(read({ salesforceStatusId: '0N5xx00000GONE', salesforceNext: 42 })).toEqual({ state: { pending: null }, dropped: ['salesforceStatusId', 'salesforceNext'] });
    expect(read({ salesforceStatusId: null, salesforceNext: null }).state).toEqual({ salesforceStatusId: null, pending: null, salesforceNext: null });
  });

  it.each([
    ['a record that is no object', 'soon'],
    ['no boolean enqueued', { at: 7, enqueued: 'yes' }],
    ['no time', { at: 'later', enqueued: false }],
  ])('drops a held change with %s', (_what, held) => {
    expect(read({ held })).toEqual({ state: { pending: null }, dropped: ['held'] });
  });

  it('keeps only the sync log entries whose every field has its shape', () => {
    const bad: unknown[] = [
      'text',
      { ...GOOD_ENTRY, at: 'noon' },
      { ...GOOD_ENTRY, direction: 'sideways' },
      { ...GOOD_ENTRY, from: 3 },
      { ...GOOD_ENTRY, to: undefined },
      { ...GOOD_ENTRY, reason: { why: 'x' } },
      { ...GOOD_ENTRY, outcome: 'maybe' },
    ];
    expect(read({ syncLog: [...bad, GOOD_ENTRY] }).state.syncLog).toEqual([GOOD_ENTRY]);
    expect(read({ syncLog: 'all of it' }).dropped).toEqual(['syncLog']);
  });

  it('re-maps a pending Omni change through the table; one whose statusId is no string or unknown is dropped', () => {
    expect(read({ pending: { direction: 'toPartner', status: 'OFFLINE', statusId: AWAY } }).state.pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: AWAY });
    for (const statusId of [42, '0N5xx00000GONE', undefined]) {
      expect(read({ pending: { direction: 'toPartner', status: 'BREAK', statusId } })).toEqual({ state: {}, dropped: ['pending'] });
    }
  });

  it('re-maps a pending partner change: a mapped status gets its statusId, an unmapped one has none at all', () => {
    expect(read({ pending: { direction: 'toSalesforce', status: 'BREAK' } }).state.pending).toStrictEqual({ direction: 'toSalesforce', status: 'BREAK', statusId: AWAY });
    expect(read({ pending: { direction: 'toSalesforce', status: 'LUNCH', statusId: AVAILABLE } }).state.pending).toStrictEqual({ direction: 'toSalesforce', status: 'LUNCH' });
    expect(read({ pending: { direction: 'toSalesforce', status: 'DANCING' } }).dropped).toEqual(['pending']);
  });

  it('anything but an object is no state at all', () => {
    for (const data of [null, 'state', 3, [1]]) expect(read(data)).toEqual({ state: {}, dropped: ['state'] });
  });
});
