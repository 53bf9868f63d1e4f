// The exact edges of parseStatusMap's size limit and its messages: where a UTF-8 byte
// count changes (1, 2, 3 and 4 bytes), and where a shown partner code is cut short.
import { STATUS_MAP_MAX_BYTES, parseStatusMap } from '../../src/status-sync/status-map';

const REFUSED = { source: 'statusMap', message: 'statusMap refused: larger than 64 KiB (none used)' };

/** An entry followed by `char` repeated, padded with spaces to exactly the byte limit. */
function exactlyAtLimit(char: string): string {
  const head = 'Away=BREAK;';
  const repeated = head + char.repeat(Math.floor((STATUS_MAP_MAX_BYTES - head.length) / Buffer.byteLength(char)));
  return repeated + ' '.repeat(STATUS_MAP_MAX_BYTES - Buffer.byteLength(repeated));
}

describe('parseStatusMap counts UTF-8 bytes at every boundary of the encoding', () => {
  it.each([
    ['U+007F, the last 1-byte character', '\u007f'],
    ['U+0080, the first 2-byte character', '\u0080'],
    ['U+07FF, the last 2-byte character', '\u07ff'],
    ['U+0800, the first 3-byte character', '\u0800'],
    ['U+D7FF, the last 3-byte character before the surrogates', '\ud7ff'],
    ['U+E000, the first 3-byte character after the surrogates', '\ue000'],
    ['U+10000, the first 4-byte character (surrogates D800 DC00)', '\u{10000}'],
    ['U+10FFFF, the last 4-byte character (surrogates DBFF DFFF)', '\u{10ffff}'],
  ])('%s: exactly at the limit is read, one more is refused', (_label, char) => {
    const atLimit = exactlyAtLimit(char);
    expect(Buffer.byteLength(atLimit)).toBe(STATUS_MAP_MAX_BYTES);
    const read = parseStatusMap(atLimit);
    expect(read.entries).toEqual([{ left: 'Away', partner: 'BREAK', direction: 'both', index: 0 }]);
    expect(read.issues).not.toContainEqual(REFUSED);
    expect(parseStatusMap(atLimit + char).issues).toEqual([REFUSED]);
  });
});

describe('parseStatusMap shows an unknown partner code of at most 30 characters whole', () => {
  it.each([
    [30, 'Z'.repeat(30)],
    [31, `${'Z'.repeat(29)}…`],
  ])('%i characters are shown as "%s"', (length, shown) => {
    const { issues } = parseStatusMap(`Away=${'Z'.repeat(length)}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(new RegExp(`^entry skipped: unknown partner status "${shown}" \\(expected `));
  });
});

describe('parseStatusMap separates entries by a lone carriage return too', () => {
  it('reads "A=AVAILABLE\\rB<BREAK" as two entries', () => {
    expect(parseStatusMap('A=AVAILABLE\rB<BREAK')).toEqual({
      entries: [
        { left: 'A', partner: 'AVAILABLE', direction: 'both', index: 0 },
        { left: 'B', partner: 'BREAK', direction: 'toSalesforce', index: 1 },
      ],
      issues: [],
      present: true,
    });
  });
});
