/**
 * Small checks for untrusted values (messages, stored JSON, configuration, caught errors),
 * shared by every module that reads them.
 */

/** True for a non-null, non-array object (a JSON object or a plain record). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a finite number from `min` to `max` (inclusive). */
export function isNumberIn(value: unknown, min: number, max = Infinity): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** True for a whole number ≥ 0. */
export function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

/**
 * The message of anything caught: an `Error`'s, an object's string `message`, or the
 * value as a string.
 */
export function messageOf(e: unknown): string {
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(e);
}
