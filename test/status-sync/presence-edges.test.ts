// Edges of the presence parsers that the main tests leave open: an entry whose name is
// only blanks AND has another problem (every problem is still named), and statuses
// handed to normalizePresenceStatuses with a non-string name or a non-boolean isOffline.
import { SYNTHETIC_OFFLINE_STATUS, normalizePresenceStatuses, parsePresenceStatuses } from '../../src/status-sync/presence';
import type { PresenceStatus } from '../../src/status-sync/types';

const available: PresenceStatus = { statusId: 'A', statusName: 'Available', hasChannels: true, isOffline: false };

describe('parsePresenceStatuses', () => {
  it('names a blank statusName alongside the other problems of the same entry', () => {
    const { statuses, issues } = parsePresenceStatuses({ S: { statusName: '   ', hasChannels: 'maybe', isOffline: 'false' } });
    expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
    expect(issues).toEqual([
      {
        source: 'userPresenceStatuses',
        entry: 'S',
        message: 'status skipped: statusName must be a non-empty string; hasChannels must be "true" or "false", got "maybe"',
      },
    ]);
  });
});

describe('normalizePresenceStatuses', () => {
  it.each([
    ['a numeric statusName', { ...available, statusName: 7 }, 'statusName must be a non-empty string'],
    ['a missing statusName', { statusId: 'A', hasChannels: true, isOffline: false }, 'statusName must be a non-empty string'],
    ['isOffline as a string that is not "true" or "false"', { ...available, isOffline: 'no' }, 'isOffline must be "true" or "false", got "no"'],
  ])('skips a status with %s with an issue, without throwing', (_label, bad, message) => {
    const { statuses, issues } = normalizePresenceStatuses([bad as unknown as PresenceStatus]);
    expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
    expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: 'A', message: `status skipped: ${message}` }]);
  });
});
