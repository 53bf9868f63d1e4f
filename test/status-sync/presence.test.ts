import { readSharedSpec } from '../support/shared-spec';
import {
  MAX_PRESENCE_STATUSES,
  SYNTHETIC_OFFLINE_STATUS,
  isReservedStatusId,
  normalizePresenceStatuses,
  parsePresenceStatuses,
} from '../../src/status-sync/presence';
import type { PresenceStatus } from '../../src/status-sync/types';

const EXAMPLE = readSharedSpec('user-presence-statuses.example.json');

function status(statusId: string, statusName: string, hasChannels: boolean | string = 'false', isOffline: boolean | string = 'false') {
  return { statusId, statusName, hasChannels, isOffline };
}

describe('parsePresenceStatuses', () => {
  it('reads the guide example string: Offline first, booleans from "true"/"false", no issues', () => {
    const { statuses, issues } = parsePresenceStatuses(EXAMPLE);
    expect(issues).toEqual([]);
    expect(statuses).toEqual([
      { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true },
      { statusId: '0N5xx0000004CSO', statusName: 'Available', hasChannels: true, isOffline: false },
      { statusId: '0N5xx0000004D56', statusName: 'Away', hasChannels: false, isOffline: false },
      { statusId: '0N5xx0000004D3U', statusName: 'Busy', hasChannels: false, isOffline: false },
    ]);
  });

  it('accepts an already-parsed object with real booleans', () => {
    const { statuses, issues } = parsePresenceStatuses({ '0': status('0', 'Offline', false, true), A1: status('A1', 'Available', true, false) });
    expect(issues).toEqual([]);
    expect(statuses.map((s) => [s.statusId, s.hasChannels, s.isOffline])).toEqual([['0', false, true], ['A1', true, false]]);
  });

  it('keeps input order and moves "0" first', () => {
    const raw = { b: status('b', 'B'), a: status('a', 'A'), '0': status('0', 'Offline', 'false', 'true'), c: status('c', 'C') };
    expect(parsePresenceStatuses(raw).statuses.map((s) => s.statusId)).toEqual(['0', 'b', 'a', 'c']);
  });

  it('accepts an entry without its own statusId (the key is the statusId)', () => {
    const { statuses, issues } = parsePresenceStatuses('{"A1":{"statusName":"Available","hasChannels":"true","isOffline":"false"}}');
    expect(issues).toEqual([]);
    expect(statuses[1]).toEqual({ statusId: 'A1', statusName: 'Available', hasChannels: true, isOffline: false });
  });

  it('synthesises Offline, without an issue, when "0" is missing', () => {
    const { statuses, issues } = parsePresenceStatuses({ A1: status('A1', 'Available', 'true') });
    expect(issues).toEqual([]);
    expect(statuses[0]).toEqual({ statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true });
    expect(statuses[0]).toBe(SYNTHETIC_OFFLINE_STATUS);
  });

  describe.each([
    ['malformed JSON', '{"0": {', 'not valid JSON'],
    ['an empty string', '', 'not valid JSON'],
    ['a JSON array', '[1,2]', 'got an array'],
    ['JSON null', 'null', 'got null'],
    ['a JSON number', '42', 'got number'],
    ['a JSON string', '"text"', 'got "text"'],
    ['an array', [status('0', 'Offline')], 'got an array'],
    ['null', null, 'got null'],
    ['a boolean', true, 'got boolean'],
    ['undefined (the key is absent)', undefined, 'is missing'],
  ])('%s', (_label, raw, message) => {
    it('gives one issue and only the synthetic Offline', () => {
      const { statuses, issues } = parsePresenceStatuses(raw);
      expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.source).toBe('userPresenceStatuses');
      expect(issues[0]?.message).toContain(message);
    });
  });

  describe.each([
    ['a non-object entry', 'oops', 'expected {statusName, hasChannels, isOffline}, got "oops"'],
    ['an array entry', [1], 'expected {statusName, hasChannels, isOffline}, got an array'],
    ['a null entry', null, 'expected {statusName, hasChannels, isOffline}, got null'],
    ['a missing statusName', { hasChannels: 'true', isOffline: 'false' }, 'statusName must be a non-empty string'],
    ['a blank statusName', status('S', '   '), 'statusName must be a non-empty string'],
    ['a numeric statusName', { statusName: 7, hasChannels: 'true', isOffline: 'false' }, 'statusName must be a non-empty string'],
    ['hasChannels "yes"', status('S', 'Some', 'yes'), 'hasChannels must be "true" or "false", got "yes"'],
    ['hasChannels "TRUE" (only lower case is Salesforce\'s)', status('S', 'Some', 'TRUE'), 'hasChannels must be "true" or "false", got "TRUE"'],
    ['hasChannels missing', { statusName: 'Some', isOffline: 'false' }, 'hasChannels must be "true" or "false", got undefined'],
    ['isOffline 1', status('S', 'Some', 'false', 1 as unknown as string), 'isOffline must be "true" or "false", got number'],
    ['a statusId that differs from its key', status('OTHER', 'Some'), 'statusId "OTHER" differs from its key'],
    ['a numeric statusId', { ...status('S', 'Some'), statusId: 5 }, 'statusId number differs from its key'],
  ])('an entry with %s', (_label, value, message) => {
    it('is skipped with one issue naming the key and why; the others are kept', () => {
      const { statuses, issues } = parsePresenceStatuses({ S: value, K: status('K', 'Kept', 'true') });
      expect(statuses.map((s) => s.statusId)).toEqual(['0', 'K']);
      expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: 'S', message: `status skipped: ${message}` }]);
    });
  });

  it('reports every problem of one entry in one issue', () => {
    const { issues } = parsePresenceStatuses({ S: { statusId: 'T', statusName: '', hasChannels: 'x', isOffline: 'y' } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(
      'status skipped: statusId "T" differs from its key; statusName must be a non-empty string; hasChannels must be "true" or "false", got "x"; isOffline must be "true" or "false", got "y"',
    );
  });

  it('does not echo a long bad value in the issue', () => {
    const { issues } = parsePresenceStatuses({ S: status('S', 'Some', 'x'.repeat(500)) });
    expect(issues[0]?.message).toBe('status skipped: hasChannels must be "true" or "false", got a long string');
  });

  it('truncates a long key in the issue to 100 characters', () => {
    const key = 'k'.repeat(300);
    const { issues } = parsePresenceStatuses({ [key]: 'bad' });
    expect(issues[0]?.entry).toBe(`${'k'.repeat(99)}…`);
  });

  it('skips an empty key with an issue', () => {
    const { statuses, issues } = parsePresenceStatuses('{"":{"statusName":"Blank","hasChannels":"false","isOffline":"false"}}');
    expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
    expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: '', message: 'status skipped: statusId must be a non-empty string' }]);
  });

  describe('statusId "0" is the reserved Offline', () => {
    it.each([
      ['hasChannels "true"', status('0', 'Offline', 'true', 'true')],
      ['isOffline "false"', status('0', 'Offline', 'false', 'false')],
    ])('with %s it is forced offline without channels, with an issue', (_label, value) => {
      const { statuses, issues } = parsePresenceStatuses({ '0': value });
      expect(statuses).toEqual([{ statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true }]);
      expect(issues).toEqual([
        { source: 'userPresenceStatuses', entry: '0', message: 'statusId "0" is Offline: isOffline set true, hasChannels false' },
      ]);
    });

    it('keeps its own name', () => {
      expect(parsePresenceStatuses({ '0': status('0', 'Logged out', 'false', 'true') }).statuses[0]?.statusName).toBe('Logged out');
    });

    it('a malformed "0" entry is skipped and replaced by the synthetic Offline', () => {
      const { statuses, issues } = parsePresenceStatuses({ '0': status('0', '') });
      expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
      expect(issues.map((i) => i.entry)).toEqual(['0']);
    });
  });

  it('another status claiming isOffline is kept as not offline, with an issue', () => {
    const { statuses, issues } = parsePresenceStatuses({ X: status('X', 'Gone', 'false', 'true') });
    expect(statuses[1]).toEqual({ statusId: 'X', statusName: 'Gone', hasChannels: false, isOffline: false });
    expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: 'X', message: 'only statusId "0" is offline: isOffline set false' }]);
  });

  describe('hostile keys', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('"%s" is skipped with an issue and pollutes nothing', (key) => {
      const json = `{"${key}":{"statusName":"Evil","hasChannels":"true","isOffline":"false","polluted":"yes"},"A":{"statusName":"Fine","hasChannels":"true","isOffline":"false"}}`;
      const { statuses, issues } = parsePresenceStatuses(json);
      expect(statuses.map((s) => s.statusId)).toEqual(['0', 'A']);
      expect(issues).toEqual([{ source: 'userPresenceStatuses', entry: key, message: 'status skipped: reserved key, not a statusId' }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).statusName).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
      expect(isReservedStatusId(key)).toBe(true);
    });

    it('inherited fields are not read: an entry whose prototype carries the fields is invalid', () => {
      const entry = Object.create({ statusName: 'Inherited', hasChannels: 'true', isOffline: 'false' }) as object;
      const { statuses, issues } = parsePresenceStatuses({ P: entry });
      expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
      expect(issues[0]?.message).toContain('statusName must be a non-empty string');
    });

    it('a null-prototype object is read like any other', () => {
      const raw = Object.create(null) as Record<string, unknown>;
      raw.A = status('A', 'Avail', 'true');
      expect(parsePresenceStatuses(raw).statuses.map((s) => s.statusId)).toEqual(['0', 'A']);
    });

    it('an object whose keys cannot be read gives one issue, not an exception', () => {
      const hostile = new Proxy({}, {
        ownKeys() {
          throw new Error('nope');
        },
      });
      const { statuses, issues } = parsePresenceStatuses(hostile);
      expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS]);
      expect(issues).toEqual([{ source: 'userPresenceStatuses', message: 'userPresenceStatuses unreadable (expected plain JSON)' }]);
    });

    it('ordinary ids that merely look like Object members ("toString", "hasOwnProperty") are ordinary statuses', () => {
      const { statuses, issues } = parsePresenceStatuses({ toString: status('toString', 'T'), hasOwnProperty: status('hasOwnProperty', 'H') });
      expect(issues).toEqual([]);
      expect(statuses.map((s) => s.statusId)).toEqual(['0', 'toString', 'hasOwnProperty']);
    });
  });

  describe('limits', () => {
    function manyStatuses(count: number): string {
      const parts = ['"0":{"statusName":"Offline","hasChannels":"false","isOffline":"true","statusId":"0"}'];
      for (let i = 1; i < count; i++) parts.push(`"S${i}":{"statusName":"Status ${i}","hasChannels":"${i % 2 === 0}","isOffline":"false","statusId":"S${i}"}`);
      return `{${parts.join(',')}}`;
    }

    it('10,000 statuses parse without issue in bounded time', () => {
      const raw = manyStatuses(10_000);
      const started = performance.now();
      const { statuses, issues } = parsePresenceStatuses(raw);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(issues).toEqual([]);
      expect(statuses).toHaveLength(10_000);
      expect(statuses[9_999]?.statusId).toBe('S9999');
    });

    it('exactly 20,000 are all kept; 20,001 and more: the rest refused with one issue', () => {
      expect(parsePresenceStatuses(manyStatuses(MAX_PRESENCE_STATUSES))).toMatchObject({ issues: [] });
      const { statuses, issues } = parsePresenceStatuses(manyStatuses(MAX_PRESENCE_STATUSES + 5));
      expect(statuses).toHaveLength(MAX_PRESENCE_STATUSES);
      expect(statuses[0]?.statusId).toBe('0');
      expect(issues).toEqual([{ source: 'userPresenceStatuses', message: '5 statuses refused: at most 20000 are read' }]);
    });
  });
});

describe('normalizePresenceStatuses (statuses handed to MappingTable.build from elsewhere)', () => {
  const offline: PresenceStatus = { statusId: '0', statusName: 'Offline', hasChannels: false, isOffline: true };
  const available: PresenceStatus = { statusId: 'A', statusName: 'Available', hasChannels: true, isOffline: false };

  it('keeps the first of duplicate statusIds, with an issue', () => {
    const { statuses, issues } = normalizePresenceStatuses([available, offline, { ...available, statusName: 'Again' }, offline]);
    expect(statuses).toEqual([offline, available]);
    expect(issues.map((i) => [i.entry, i.message])).toEqual([
      ['A', 'status skipped: duplicate statusId (first kept)'],
      ['0', 'status skipped: duplicate statusId (first kept)'],
    ]);
  });

  it.each([
    ['a non-object', 'text', undefined, 'expected a status object, got "text"'],
    ['a non-string statusId', { ...available, statusId: 3 }, undefined, 'statusId must be a non-empty string'],
    ['a reserved statusId', { ...available, statusId: '__proto__' }, '__proto__', 'reserved key, not a statusId'],
    ['a blank statusName', { ...available, statusName: ' ' }, 'A', 'statusName must be a non-empty string'],
    ['a boolean that is neither', { ...available, hasChannels: 'yes' }, 'A', 'hasChannels must be "true" or "false", got "yes"'],
  ])('skips %s with an issue, with the same words parsePresenceStatuses uses', (_label, bad, entry, message) => {
    const { statuses, issues } = normalizePresenceStatuses([bad as PresenceStatus, available]);
    expect(statuses).toEqual([SYNTHETIC_OFFLINE_STATUS, available]);
    expect(issues).toEqual([{ source: 'userPresenceStatuses', ...(entry === undefined ? {} : { entry }), message: `status skipped: ${message}` }]);
  });

  it("accepts Salesforce's string booleans, as parsePresenceStatuses does (one validator for both)", () => {
    const [, out] = normalizePresenceStatuses([{ ...available, hasChannels: 'true', isOffline: 'false' }]).statuses;
    expect(out).toEqual(available);
  });

  it('returns fresh frozen objects with exactly the four fields', () => {
    const extra = { ...available, secret: 'x' } as PresenceStatus;
    const [, out] = normalizePresenceStatuses([extra]).statuses;
    expect(out).toEqual(available);
    expect(Object.keys(out as object)).toEqual(['statusId', 'statusName', 'hasChannels', 'isOffline']);
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('refuses statuses beyond 20,000 besides "0", with one issue', () => {
    const many = Array.from({ length: MAX_PRESENCE_STATUSES + 2 }, (_, i) => ({ ...available, statusId: `S${i}` }));
    const { statuses, issues } = normalizePresenceStatuses([...many, offline]);
    expect(statuses).toHaveLength(MAX_PRESENCE_STATUSES + 1);
    expect(statuses[0]).toEqual(offline);
    expect(issues).toEqual([{ source: 'userPresenceStatuses', message: '2 statuses refused: at most 20000 are kept' }]);
  });
});
