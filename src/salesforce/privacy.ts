/**
 * What may not leave the connector (CONTRACT §7.2): phone numbers, DTMF digits, contact
 * names and directory search terms, masked wherever a log line is bound for Salesforce
 * or for the `DOWNLOAD_VENDOR_LOGS` file.
 *
 * @remarks
 * Two rules, applied together: values under a {@link SENSITIVE_KEYS} key are replaced by
 * `[redacted]` whatever they hold, and in every other string a run that looks like a
 * phone or card number (7+ digits, separators allowed, not part of a longer word such as
 * a Salesforce id) becomes `[number]`. Pure functions, no DOM.
 */

/** Digits in a run that make it look like a phone or card number rather than an id or a count. */
const NUMBER_DIGITS = 7;

/** A digit run with separators, not glued to letters (so ids like `0N5xx0000004D56` stay readable). */
const NUMBER_RUN = /(?<![\w+])\+?\d[\d\s().-]*\d(?!\w)/g;

/** Keys whose values are numbers, digits, names or search terms in every payload the library or Salesforce logs. */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  'phoneNumber',
  'number',
  'name',
  'displayName',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'supervisorName',
  'contact',
  'callAttributes',
  'digits',
  'contains',
  'searchTerm',
  'extension',
]);

/** The mask a sensitive value becomes. */
export const REDACTED = '[redacted]';

/** How deep a payload is copied; deeper parts become `[…]` (payloads are small, cycles impossible after cloning). */
const MAX_DEPTH = 8;

/** Replaces every run that looks like a phone or card number (7+ digits) by `[number]`. */
export function scrubNumbers(text: string): string {
  return text.replace(NUMBER_RUN, (run) => (run.replace(/\D/g, '').length >= NUMBER_DIGITS ? '[number]' : run));
}

/**
 * A copy of a log payload that is safe to leave the connector: sensitive keys redacted,
 * number-like runs in strings masked, functions dropped.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubNumbers(value);
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    copy[key] = SENSITIVE_KEYS.has(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}

/**
 * One line of the base library's log store (`ISO time|LEVEL|SOURCE|message JSON`), redacted.
 *
 * @remarks
 * The message part is parsed and redacted as a payload; a part that is not JSON (a plain
 * string message) has its number-like runs masked.
 */
export function redactLogLine(line: string): string {
  const parts = line.split('|');
  if (parts.length < 4) return scrubNumbers(line);
  const head = parts.slice(0, 3).join('|');
  const body = parts.slice(3).join('|');
  const newline = body.endsWith('\n') ? '\n' : '';
  const text = newline ? body.slice(0, -1) : body;
  try {
    return `${head}|${JSON.stringify(redact(JSON.parse(text) as unknown))}${newline}`;
  } catch {
    return `${head}|${scrubNumbers(text)}${newline}`;
  }
}
