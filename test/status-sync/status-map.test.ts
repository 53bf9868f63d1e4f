import { PARTNER_STATUSES } from '../../src/vocabulary/partner-status';
import { STATUS_MAP_MAX_BYTES, STATUS_MAP_MAX_ENTRIES, parseOnCallPolicy, parseStatusMap } from '../../src/status-sync/status-map';

const EXPECTED_CODES = 'AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE';

describe('parseStatusMap', () => {
  it('reads the guide example: three two-way entries, in order', () => {
    expect(parseStatusMap('Available=AVAILABLE; Away=BREAK; Busy=MEETING')).toEqual({
      entries: [
        { left: 'Available', partner: 'AVAILABLE', direction: 'both', index: 0 },
        { left: 'Away', partner: 'BREAK', direction: 'both', index: 1 },
        { left: 'Busy', partner: 'MEETING', direction: 'both', index: 2 },
      ],
      issues: [],
      present: true,
    });
  });

  it.each([
    ['=', 'both'],
    ['>', 'toPartner'],
    ['<', 'toSalesforce'],
  ])('operator "%s" maps %s', (operator, direction) => {
    expect(parseStatusMap(`Away${operator}BREAK`).entries).toEqual([{ left: 'Away', partner: 'BREAK', direction, index: 0 }]);
  });

  it.each(PARTNER_STATUSES)('accepts partner code %s in any case, normalised to upper case', (code) => {
    const { entries, issues } = parseStatusMap(`X=${code.toLowerCase()}\nY<${code}`);
    expect(issues).toEqual([]);
    expect(entries.map((e) => e.partner)).toEqual([code, code]);
  });

  it('splits on ";", LF and CRLF, trims, and ignores empty entries', () => {
    const { entries, issues } = parseStatusMap('  Available = AVAILABLE ;;\r\n\n Away>BREAK\r\n;  ;Busy <meeting  ;');
    expect(issues).toEqual([]);
    expect(entries).toEqual([
      { left: 'Available', partner: 'AVAILABLE', direction: 'both', index: 0 },
      { left: 'Away', partner: 'BREAK', direction: 'toPartner', index: 1 },
      { left: 'Busy', partner: 'MEETING', direction: 'toSalesforce', index: 2 },
    ]);
  });

  it('keeps LEFT as written: a statusId, or a name with inner spaces and case', () => {
    expect(parseStatusMap('0N5xx0000004D56=BREAK; On Lunch  Break=LUNCH').entries.map((e) => e.left)).toEqual(['0N5xx0000004D56', 'On Lunch  Break']);
  });

  it.each([undefined, null, '', '  \n '])('absent or blank (%p): not present, no entries, no issues', (raw) => {
    expect(parseStatusMap(raw)).toEqual({ entries: [], issues: [], present: false });
  });

  it('a value of only separators is present but has no entries and no issues', () => {
    expect(parseStatusMap(' ;\n ; ')).toEqual({ entries: [], issues: [], present: true });
  });

  it.each([
    [42, 'got number'],
    [{ Available: 'AVAILABLE' }, 'got object'],
    [['Available=AVAILABLE'], 'got an array'],
    [true, 'got boolean'],
  ])('a non-string value (%p) gives one issue and no entries', (raw, got) => {
    expect(parseStatusMap(raw)).toEqual({
      entries: [],
      issues: [{ source: 'statusMap', message: `statusMap must be a string, ${got}` }],
      present: true,
    });
  });

  describe.each([
    ['Available AVAILABLE', 'no operator (expected LEFT=PARTNER, LEFT>PARTNER or LEFT<PARTNER)'],
    ['Available=>AVAILABLE', 'more than one operator (separate entries with ";" or a new line; for a name with =, > or < write its statusId)'],
    ['A=B=BREAK', 'more than one operator (separate entries with ";" or a new line; for a name with =, > or < write its statusId)'],
    ['=AVAILABLE', 'nothing before "=" (expected a statusId or statusName)'],
    ['  <BREAK', 'nothing before "<" (expected a statusId or statusName)'],
    ['Away>', `nothing after ">" (expected ${EXPECTED_CODES})`],
    ['Away=BRAEK', `unknown partner status "BRAEK" (expected ${EXPECTED_CODES})`],
    ['Away=not ready', `unknown partner status "not ready" (expected ${EXPECTED_CODES})`],
    [`Away=${'Z'.repeat(40)}`, `unknown partner status "${'Z'.repeat(29)}…" (expected ${EXPECTED_CODES})`],
  ])('entry "%s"', (entry, why) => {
    it('is skipped with one issue naming the entry and why; valid neighbours are kept with their positions', () => {
      const { entries, issues, present } = parseStatusMap(`Available=AVAILABLE; ${entry}; Busy=MEETING`);
      expect(present).toBe(true);
      expect(entries.map((e) => [e.left, e.index])).toEqual([['Available', 0], ['Busy', 2]]);
      expect(issues).toEqual([{ source: 'statusMap', entry: entry.trim(), message: `entry skipped: ${why}` }]);
    });
  });

  it('every entry invalid: present, no entries, one issue each', () => {
    const { entries, issues, present } = parseStatusMap('a; b=; =c');
    expect({ entries, present, issueCount: issues.length }).toEqual({ entries: [], present: true, issueCount: 3 });
  });

  it('truncates a long bad entry to 100 characters in the issue', () => {
    const entry = `${'x'.repeat(200)}`;
    expect(parseStatusMap(entry).issues[0]?.entry).toBe(`${'x'.repeat(99)}…`);
  });

  describe('limits', () => {
    function entries(count: number): string {
      return Array.from({ length: count }, (_, i) => `S${i}=BREAK`).join(';');
    }

    it('1,000 entries are read; 1,001 are refused whole with one issue', () => {
      expect(parseStatusMap(entries(STATUS_MAP_MAX_ENTRIES)).entries).toHaveLength(STATUS_MAP_MAX_ENTRIES);
      expect(parseStatusMap(entries(STATUS_MAP_MAX_ENTRIES + 1))).toEqual({
        entries: [],
        issues: [{ source: 'statusMap', message: 'statusMap refused: 1001 entries, at most 1000 allowed (none used)' }],
        present: true,
      });
    });

    it('exactly 64 KiB is read; one byte more is refused whole with one issue', () => {
      const entry = 'Away=BREAK;';
      const fitting = entry + ' '.repeat(STATUS_MAP_MAX_BYTES - entry.length);
      expect(parseStatusMap(fitting).entries).toHaveLength(1);
      expect(parseStatusMap(`${fitting} `)).toEqual({
        entries: [],
        issues: [{ source: 'statusMap', message: 'statusMap refused: larger than 64 KiB (none used)' }],
        present: true,
      });
    });

    it.each([
      ['2-byte', 'é'],
      ['3-byte', '€'],
      ['4-byte (a surrogate pair)', '😀'],
    ])('counts %s characters in UTF-8 bytes', (_label, char) => {
      const head = 'Away=BREAK;';
      const fitting = head + char.repeat(Math.floor((STATUS_MAP_MAX_BYTES - head.length) / Buffer.byteLength(char)));
      expect(Buffer.byteLength(fitting)).toBeLessThanOrEqual(STATUS_MAP_MAX_BYTES);
      expect(Buffer.byteLength(fitting + char)).toBeGreaterThan(STATUS_MAP_MAX_BYTES);
      expect(parseStatusMap(fitting).issues).toEqual([
        { source: 'statusMap', entry: expect.any(String), message: 'entry skipped: no operator (expected LEFT=PARTNER, LEFT>PARTNER or LEFT<PARTNER)' },
      ]);
      expect(parseStatusMap(fitting + char).issues).toEqual([{ source: 'statusMap', message: 'statusMap refused: larger than 64 KiB (none used)' }]);
    });

    it('a short text of multi-byte characters is not counted against the limit', () => {
      expect(parseStatusMap(`Away=BREAK;${'€'.repeat(21_000)}`).issues[0]?.message).toContain('no operator');
    });

    it('a huge value is refused quickly', () => {
      const started = performance.now();
      expect(parseStatusMap('x'.repeat(10_000_000)).entries).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });
});

describe('parseOnCallPolicy', () => {
  it.each([undefined, null, '', '   '])('absent or blank (%p): ignore, no issue', (raw) => {
    expect(parseOnCallPolicy(raw)).toEqual({ policy: 'ignore', issues: [] });
  });

  it.each([
    ['ignore', 'ignore'],
    [' IGNORE ', 'ignore'],
    ['defer', 'defer'],
    ['\tDefer\n', 'defer'],
  ])('%p reads as %s', (raw, policy) => {
    expect(parseOnCallPolicy(raw)).toEqual({ policy, issues: [] });
  });

  it('an unknown word gives an issue naming it, and ignore', () => {
    expect(parseOnCallPolicy(' queue ')).toEqual({
      policy: 'ignore',
      issues: [{ source: 'onCallPolicy', entry: 'queue', message: 'onCallPolicy must be "ignore" or "defer", got " queue "; using "ignore"' }],
    });
  });

  it.each([
    [1, 'got number'],
    [true, 'got boolean'],
    [{ policy: 'defer' }, 'got object'],
  ])('a non-string (%p) gives an issue and ignore', (raw, got) => {
    expect(parseOnCallPolicy(raw)).toEqual({
      policy: 'ignore',
      issues: [{ source: 'onCallPolicy', message: `onCallPolicy must be "ignore" or "defer", ${got}; using "ignore"` }],
    });
  });
});
