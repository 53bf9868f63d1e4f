/**
 * The one place where failures become errors the base library understands.
 *
 * @remarks
 * The library branches on `error.type` (via its `getErrorType`) for a few user-facing
 * cases — `INVALID_DESTINATION` on `DIAL`/`ADD_PARTICIPANT`, `INVALID_PARTICIPANT` on
 * `HOLD`/`RESUME`, `CAN_NOT_UPDATE_PHONE_NUMBER` on `SET_AGENT_CONFIG` — and otherwise
 * reports its own per-command error (`CAN_NOT_HOLD_CALL`, …) while logging the object
 * it was given. It copies only enumerable fields, so a rejection is a
 * {@link ConnectorError} with an enumerable `message`; a partner code without a library equivalent keeps its own name as
 * `type` (so it reaches the default branch and still shows in the log). Messages are
 * scrubbed of digit runs, so a phone number in a partner message never reaches a log.
 */
import { messageOf } from '../platform/guards';

/**
 * A rejection as the base library reads it: `type` and `message`, both enumerable.
 *
 * @remarks
 * An `Error` (so `throw` stays honest), but its `message` is made enumerable: the
 * library's log copies only enumerable fields, and a plain `Error` arrives as `{}`.
 */
export class ConnectorError extends Error {
  /** A library error type (`INVALID_DESTINATION`, …) or the partner's own code. */
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
    Object.defineProperty(this, 'message', { enumerable: true });
  }
}

/** Library error types the connector uses (`Constants.ERROR_TYPE` values). */
export const ErrorType = {
  GENERIC_ERROR: 'GENERIC_ERROR',
  INVALID_PARTICIPANT: 'INVALID_PARTICIPANT',
  INVALID_DESTINATION: 'INVALID_DESTINATION',
  INVALID_PARAMS: 'INVALID_PARAMS',
  CAN_NOT_UPDATE_PHONE_NUMBER: 'CAN_NOT_UPDATE_PHONE_NUMBER',
} as const;

/** Partner codes that have a library equivalent. */
const LIBRARY_TYPE_BY_PARTNER_CODE: Readonly<Record<string, string>> = {
  NO_SUCH_CALL: ErrorType.INVALID_PARTICIPANT,
  INVALID_DESTINATION: ErrorType.INVALID_DESTINATION,
};

/** Digits in a run that make it look like a phone number rather than an id or a count. */
const PHONE_DIGITS = 7;

/** Replaces every run that looks like a phone number (7+ digits, separators allowed) by `[number]`. */
export function scrubNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]*\d/g, (run) => (run.replace(/\D/g, '').length >= PHONE_DIGITS ? '[number]' : run));
}

/** A connector error with a library type. */
export function connectorError(type: string, message: string): ConnectorError {
  return new ConnectorError(type, scrubNumbers(message));
}

/** The partner's refusal shape, recognised by its fields (it may come from any implementation). */
function partnerCodeOf(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/**
 * Turns anything a partner command rejected with into a {@link ConnectorError}.
 *
 * @remarks
 * A `PartnerError` (or any object with a string `code`) maps through the table above;
 * an already-mapped {@link ConnectorError} passes through; anything else is a
 * `GENERIC_ERROR` (a bug, reported rather than swallowed).
 */
export function toConnectorError(e: unknown): ConnectorError {
  if (isConnectorError(e)) return connectorError(e.type, e.message);
  const code = partnerCodeOf(e);
  if (code !== null) return connectorError(LIBRARY_TYPE_BY_PARTNER_CODE[code] ?? code, messageOf(e));
  return connectorError(ErrorType.GENERIC_ERROR, messageOf(e));
}

/** True for a {@link ConnectorError}, also one made by another copy of this module. */
export function isConnectorError(e: unknown): e is ConnectorError {
  return (
    e instanceof ConnectorError ||
    (e instanceof Error && typeof (e as { type?: unknown }).type === 'string' && Object.prototype.propertyIsEnumerable.call(e, 'message'))
  );
}
