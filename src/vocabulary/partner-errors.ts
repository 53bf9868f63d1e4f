/**
 * Why a partner command failed: the closed set of codes every `PartnerTelephony`
 * implementation uses, so the connector can map each one to what Salesforce reports.
 */

/** Every partner error code; the type is derived from this list. */
export const PARTNER_ERROR_CODES = [
  /** The call id names no live call. */
  'NO_SUCH_CALL',
  /** The partner knows no such agent (a server's admin command). */
  'NO_SUCH_AGENT',
  /** Not possible in the current state (the message names the state and what was expected). */
  'INVALID_STATE',
  /** The number or contact to call is not acceptable. */
  'INVALID_DESTINATION',
  /** An argument is malformed (digits, times, ids). */
  'INVALID_ARGUMENT',
  /** The status code is not in the partner's catalogue. */
  'INVALID_STATUS',
  /** The agent's schedule holds as many changes as it may (CONTRACT §7.6). */
  'SCHEDULE_FULL',
  /** No answer within the command's time limit; the outcome is unknown until the next event or resync. */
  'TIMEOUT',
  /** The partner is not reachable (not connected, or the connection dropped). */
  'UNAVAILABLE',
  /** The partner needs the agent to log in first. */
  'LOGIN_REQUIRED',
] as const;

/** Why a partner command failed. */
export type PartnerErrorCode = (typeof PARTNER_ERROR_CODES)[number];

/** Narrows an unknown value to a partner error code. */
export function isPartnerErrorCode(value: unknown): value is PartnerErrorCode {
  return (PARTNER_ERROR_CODES as readonly unknown[]).includes(value);
}
