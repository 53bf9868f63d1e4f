/**
 * Small helpers shared by the configuration parsers: building {@link ConfigIssue}s and
 * reading untrusted objects without touching their prototypes.
 */
import { isRecord } from '../vocabulary/guards';
import type { ConfigIssue, ConfigSource } from './types';

export { isRecord };

/** How much of an offending entry an issue quotes. */
export const ISSUE_ENTRY_MAX = 100;

/**
 * Builds a configuration issue.
 *
 * @remarks
 * `entry` is trimmed and cut to {@link ISSUE_ENTRY_MAX} characters (an ellipsis marks the
 * cut), so a hostile configuration cannot blow up the log.
 */
export function configIssue(source: ConfigSource, message: string, entry?: string): ConfigIssue {
  if (entry === undefined) return { source, message };
  const trimmed = entry.trim();
  const clipped = trimmed.length > ISSUE_ENTRY_MAX ? `${trimmed.slice(0, ISSUE_ENTRY_MAX - 1)}…` : trimmed;
  return { source, entry: clipped, message };
}

/**
 * Reads an OWN property of an untrusted record.
 *
 * @remarks
 * Inherited members (`constructor`, `toString`, anything a polluted prototype added)
 * read as `undefined`.
 */
export function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A short, name-free description of a bad value for an issue message (`number`, `"yes"`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length <= 20 ? JSON.stringify(value) : 'a long string';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
