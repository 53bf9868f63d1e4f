/**
 * Failures as errors the base library understands: the partner's error codes in one
 * table, and the error shape the library logs.
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
import { isPartnerError } from '../partner/partner-telephony';
import { scrubNumbers } from '../salesforce/privacy';
import { messageOf } from '../vocabulary/guards';
import type { PartnerErrorCode } from '../vocabulary/partner-errors';

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
  INVALID_AGENT_STATUS: 'INVALID_AGENT_STATUS',
  LOGIN_REQUIRED: 'LOGIN_REQUIRED',
  CAN_NOT_UPDATE_PHONE_NUMBER: 'CAN_NOT_UPDATE_PHONE_NUMBER',
} as const;

/**
 * What Salesforce is told for each partner error code: a library error type the library
 * branches on, or the partner's own code, which reaches the library's default branch (it
 * reports the command's own `CAN_NOT_…` error) and still names the cause in the log.
 * A `Record`, so a new code cannot be left out.
 */
export const SALESFORCE_TYPE_BY_PARTNER_CODE: Readonly<Record<PartnerErrorCode, string>> = {
  NO_SUCH_CALL: ErrorType.INVALID_PARTICIPANT,
  INVALID_DESTINATION: ErrorType.INVALID_DESTINATION,
  INVALID_STATUS: ErrorType.INVALID_AGENT_STATUS,
  LOGIN_REQUIRED: ErrorType.LOGIN_REQUIRED,
  NO_SUCH_AGENT: 'NO_SUCH_AGENT',
  INVALID_STATE: 'INVALID_STATE',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  SCHEDULE_FULL: 'SCHEDULE_FULL',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
};

/**
 * A command refused because the partner is not connected: the partner's own code as the
 * type (the library reports the command's own `CAN_NOT_…` error to the agent) and a
 * message that names the disconnection for the log.
 */
export function notConnected(what: string, detail: string): ConnectorError {
  return connectorError(
    SALESFORCE_TYPE_BY_PARTNER_CODE.UNAVAILABLE,
    `${what}: the partner telephony system is not connected (${detail}); try again once it is back`,
  );
}

/** A connector error with a library type. */
export function connectorError(type: string, message: string): ConnectorError {
  return new ConnectorError(type, scrubNumbers(message));
}

/**
 * Turns anything a partner command rejected with into a {@link ConnectorError}.
 *
 * @remarks
 * A `PartnerError` (`isPartnerError`: also one from another copy of the module) maps
 * through {@link SALESFORCE_TYPE_BY_PARTNER_CODE}; an already-mapped
 * {@link ConnectorError} passes through; anything else — a bug, or a network error with
 * its own string code such as `ECONNRESET` — is a `GENERIC_ERROR`, reported rather than
 * swallowed.
 */
export function toConnectorError(e: unknown): ConnectorError {
  if (isConnectorError(e)) return connectorError(e.type, e.message);
  if (isPartnerError(e)) return connectorError(SALESFORCE_TYPE_BY_PARTNER_CODE[e.code], e.message);
  return connectorError(ErrorType.GENERIC_ERROR, messageOf(e));
}

/** True for a {@link ConnectorError}, also one made by another copy of this module. */
export function isConnectorError(e: unknown): e is ConnectorError {
  return (
    e instanceof ConnectorError ||
    (e instanceof Error && typeof (e as { type?: unknown }).type === 'string' && Object.prototype.propertyIsEnumerable.call(e, 'message'))
  );
}
