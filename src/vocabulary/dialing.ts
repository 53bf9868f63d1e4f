/**
 * What counts as a number to dial and as DTMF: one rule each, for the connector (which
 * reads Salesforce's input) and the partner (which refuses what it cannot dial).
 */

/** Most digits in a dialable number (E.164). */
export const MAX_DIALABLE_DIGITS = 15;

/** Fewest digits of a dialable number: an internal extension. */
export const MIN_DIALABLE_DIGITS = 3;

/** Fewest digits of a desk phone's number (a full number, not an extension). */
export const DESK_PHONE_MIN_DIGITS = 7;

/**
 * A number the agent can dial: digits with the usual separators (space, `()`, `.`, `-`),
 * an optional leading `+`, `minDigits` (default: an extension) to 15 digits.
 */
export function isDialable(text: unknown, minDigits = MIN_DIALABLE_DIGITS): text is string {
  if (typeof text !== 'string' || !/^\+?[\d\s().-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= minDigits && digits <= MAX_DIALABLE_DIGITS;
}

/** What {@link isDialable} asks for, for refusal messages. */
export const DIALABLE_RULE = `${MIN_DIALABLE_DIGITS}-${MAX_DIALABLE_DIGITS} digits (+ and separators allowed)`;

/** DTMF: 1–64 of `0-9`, `A-D`, `*`, `#`, and the pause/wait marks `,` `w` `W` `p` `P`. */
export function isDtmf(digits: unknown): digits is string {
  return typeof digits === 'string' && /^[0-9A-Da-d*#,wWpP]{1,64}$/.test(digits);
}

/** What {@link isDtmf} asks for, for refusal messages. */
export const DTMF_RULE = 'digits must be 1-64 of 0-9A-D*#,wWpP';
