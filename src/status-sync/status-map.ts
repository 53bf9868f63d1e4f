/**
 * Parsers of the `statusSync` settings of the Call Center: `/statusSync/statusMap` and
 * `/statusSync/onCallPolicy`.
 */
import { StatusCatalogue } from '../vocabulary/status-catalogue';
import { configIssue, describeValue } from './config-issue';
import type { ConfigIssue, MapDirection, OnCallPolicy, StatusMapEntry } from './types';

/** Largest `statusMap` read, in UTF-8 bytes; a larger one is refused whole. */
export const STATUS_MAP_MAX_BYTES = 64 * 1024;

/** Most entries a `statusMap` may have; one with more is refused whole. */
export const STATUS_MAP_MAX_ENTRIES = 1_000;

/** The entry operator of each direction, as written in `statusMap`. */
export const MAP_OPERATORS: Readonly<Record<MapDirection, string>> = {
  both: '=',
  toPartner: '>',
  toSalesforce: '<',
};

const DIRECTION_BY_OPERATOR: ReadonlyMap<string, MapDirection> = new Map(
  (Object.keys(MAP_OPERATORS) as MapDirection[]).map((direction) => [MAP_OPERATORS[direction], direction]),
);

const SOURCE = 'statusMap';
const EXPECTED_FORM = 'expected LEFT=PARTNER, LEFT>PARTNER or LEFT<PARTNER';

/**
 * Parses `/statusSync/statusMap` into its entries.
 *
 * @remarks
 * Entries are separated by `;` or line breaks; each is trimmed and empty ones are
 * ignored. `LEFT=PARTNER` maps both ways, `LEFT>PARTNER` only Salesforce to partner,
 * `LEFT<PARTNER` only partner to Salesforce. `LEFT` is kept as written (trimmed): it is
 * resolved to a statusId later, against the presence statuses (`MappingTable.build`).
 * `PARTNER` is a code of the partner's status catalogue (`catalogue`, default the
 * reference partner's), compared case-insensitively and returned as the partner writes it.
 * A statusName containing `;`, `=`, `>` or `<` cannot be written: use its statusId.
 *
 * Never throws. `present` is false when the setting is absent or blank (then the
 * statuses are matched by name). Problems:
 * - not a string: one issue, no entries;
 * - more than {@link STATUS_MAP_MAX_BYTES} bytes or {@link STATUS_MAP_MAX_ENTRIES}
 *   entries: refused whole with one issue;
 * - an entry with no operator, several, an empty side or a code the catalogue lacks:
 *   one issue naming the entry and why (and the catalogue's codes); that entry is
 *   skipped, the others kept.
 *
 * `index` is the entry's position among the non-empty entries as written (skipped ones
 * included), so it points at the entry an admin sees.
 *
 * @example
 * ```ts
 * parseStatusMap('Available=AVAILABLE; Away=BREAK; Busy=MEETING').entries;
 * // [{ left: 'Available', partner: 'AVAILABLE', direction: 'both', index: 0 }, …]
 * ```
 */
export function parseStatusMap(
  raw: unknown,
  catalogue: StatusCatalogue = StatusCatalogue.REFERENCE,
): { entries: StatusMapEntry[]; issues: ConfigIssue[]; present: boolean } {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return { entries: [], issues: [], present: false };
  }
  if (typeof raw !== 'string') {
    return { entries: [], issues: [configIssue(SOURCE, `statusMap must be a string, got ${describeValue(raw)}`)], present: true };
  }
  if (exceedsUtf8Bytes(raw, STATUS_MAP_MAX_BYTES)) {
    const message = `statusMap refused: larger than ${STATUS_MAP_MAX_BYTES / 1024} KiB (none used)`;
    return { entries: [], issues: [configIssue(SOURCE, message)], present: true };
  }
  const texts = raw
    .split(/[;\r\n]/)
    .map((text) => text.trim())
    .filter((text) => text !== '');
  if (texts.length > STATUS_MAP_MAX_ENTRIES) {
    const message = `statusMap refused: ${texts.length} entries, at most ${STATUS_MAP_MAX_ENTRIES} allowed (none used)`;
    return { entries: [], issues: [configIssue(SOURCE, message)], present: true };
  }
  const entries: StatusMapEntry[] = [];
  const issues: ConfigIssue[] = [];
  texts.forEach((text, index) => {
    const result = parseEntry(text, index, catalogue);
    if (typeof result === 'string') issues.push(configIssue(SOURCE, `entry skipped: ${result}`, text));
    else entries.push(result);
  });
  return { entries, issues, present: true };
}

/** One trimmed, non-empty entry, or why it is unusable. */
function parseEntry(text: string, index: number, catalogue: StatusCatalogue): StatusMapEntry | string {
  const operators = [...text].filter((char) => DIRECTION_BY_OPERATOR.has(char));
  const operator = operators[0];
  if (operator === undefined) return `no operator (${EXPECTED_FORM})`;
  if (operators.length > 1) return `more than one operator (separate entries with ";" or a new line; for a name with =, > or < write its statusId)`;
  const at = text.indexOf(operator);
  const left = text.slice(0, at).trim();
  const partnerText = text.slice(at + 1).trim();
  if (left === '') return `nothing before "${operator}" (expected a statusId or statusName)`;
  if (partnerText === '') return `nothing after "${operator}" (expected ${catalogue.describe()})`;
  const partner = catalogue.find(partnerText);
  if (partner === undefined) {
    const shown = partnerText.length > 30 ? `${partnerText.slice(0, 29)}…` : partnerText;
    return `unknown partner status "${shown}" (expected ${catalogue.describe()})`;
  }
  return { left, partner, direction: DIRECTION_BY_OPERATOR.get(operator) as MapDirection, index };
}

/** True when `text` encodes to more than `limit` UTF-8 bytes; stops counting early. */
function exceedsUtf8Bytes(text: string, limit: number): boolean {
  // Each UTF-16 unit is at most 3 bytes (a surrogate pair: 4 for 2 units), so short texts need no count.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut; the count below gives the same answer
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

/**
 * Parses `/statusSync/onCallPolicy`.
 *
 * @remarks
 * `ignore` (the default when absent or blank: a partner change during a call has no
 * effect) or `defer` (the latest partner change is applied when the call and its wrap-up
 * end); case-insensitive, trimmed. Anything else: one issue, and `ignore`. Never throws.
 */
export function parseOnCallPolicy(raw: unknown): { policy: OnCallPolicy; issues: ConfigIssue[] } {
  if (raw === undefined || raw === null) return { policy: 'ignore', issues: [] };
  if (typeof raw === 'string') {
    const value = raw.trim().toLowerCase();
    if (value === '' || value === 'ignore') return { policy: 'ignore', issues: [] };
    if (value === 'defer') return { policy: 'defer', issues: [] };
  }
  const message = `onCallPolicy must be "ignore" or "defer", got ${describeValue(raw)}; using "ignore"`;
  return { policy: 'ignore', issues: [configIssue('onCallPolicy', message, typeof raw === 'string' ? raw : undefined)] };
}
