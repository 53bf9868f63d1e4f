/**
 * The server's log: one JSON line per entry on stderr (or an injected sink).
 *
 * @remarks
 * Nothing secret or personal reaches it: fields are a closed set of plain values, keys
 * that name secrets, numbers or names (`password`, `token`, `phoneNumber`, `digits`,
 * `username` — a mistyped password often lands there …) are dropped, and any string that looks like a phone number is masked as `[number]`. Bad
 * client messages are logged by their kind and size, never their payload.
 */

/** A log field value: plain, never an object (so nothing is logged by accident). */
export type LogValue = string | number | boolean | null;

/** One log entry as written. */
export interface LogEntry {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly [field: string]: LogValue;
}

/** Where entries go. */
export type LogSink = (entry: LogEntry) => void;

/** The logger every server part takes. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, LogValue>>): void;
  warn(message: string, fields?: Readonly<Record<string, LogValue>>): void;
  error(message: string, fields?: Readonly<Record<string, LogValue>>): void;
}

const SECRET_KEYS = /pass|token|secret|authorization|phone|number|digits|name|contains/i;
// Not inside a word, so most ids stay readable.
const PHONE_LIKE = /(?<![0-9A-Za-z])\+?\d[\d\s().-]{5,}\d(?![0-9A-Za-z])/g;
// Call and leg ids are UUIDs; one whose leading groups are all digits
// ("12345678-1234-…") would otherwise look like a number and be masked.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Masks anything phone-like in a string, leaving UUIDs whole. */
export function maskNumbers(text: string): string {
  let masked = '';
  let from = 0;
  for (const id of text.matchAll(UUID)) {
    masked += text.slice(from, id.index).replace(PHONE_LIKE, '[number]') + id[0];
    from = id.index + id[0].length;
  }
  return masked + text.slice(from).replace(PHONE_LIKE, '[number]');
}

/** A logger writing to `sink` (default: JSON lines on stderr). */
export function createLogger(sink: LogSink = (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`)): Logger {
  const write = (level: LogEntry['level'], message: string, fields: Readonly<Record<string, LogValue>> = {}): void => {
    const entry: Record<string, LogValue> = { at: new Date().toISOString(), level, message: maskNumbers(message) };
    for (const [key, value] of Object.entries(fields)) {
      if (SECRET_KEYS.test(key)) continue;
      entry[key] = typeof value === 'string' ? maskNumbers(value) : value;
    }
    try {
      sink(entry as LogEntry);
    } catch {
      // A failing log sink must never take the server down.
    }
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
