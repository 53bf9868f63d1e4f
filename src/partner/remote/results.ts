/**
 * The server's answers as the seam returns them: refusals mapped to the seam's error
 * codes, results checked (a malformed one is refused, never passed on).
 */
import { isRecord } from '../../vocabulary/guards';
import { isPartnerErrorCode } from '../../vocabulary/partner-errors';
import { PartnerError, type PartnerCall, type PartnerContact } from '../partner-telephony';
import type { WireError } from '../wire/messages';
import { callOf } from '../wire/parse-server';

/** The seam's error for a refusal on the wire: the partner's own codes pass through. */
export function partnerErrorOf(error: WireError, what: string): PartnerError {
  if (isPartnerErrorCode(error.code)) return new PartnerError(error.message, error.code);
  switch (error.code) {
    case 'SESSION_EXPIRED':
    case 'NOT_AUTHENTICATED':
      return new PartnerError(`${what}: the partner session has ended; log in again`, 'LOGIN_REQUIRED');
    case 'BAD_MESSAGE':
    case 'UNKNOWN_COMMAND':
    case 'TOO_LARGE':
      return new PartnerError(`${what}: the partner server refused the request (${error.code}): ${error.message}`, 'INVALID_ARGUMENT');
    default:
      return new PartnerError(`${what}: the partner server could not do it (${error.code}); try again`, 'UNAVAILABLE');
  }
}

function malformed(what: string): PartnerError {
  return new PartnerError(`${what}: the partner server's answer was malformed`, 'UNAVAILABLE');
}

/** Reads a result that is one call leg. */
export function oneCall(what: string, result: unknown): PartnerCall {
  const call = callOf(result);
  if (!call) throw malformed(what);
  return call;
}

/** Reads a result that is a list of call legs. */
export function callList(what: string, result: unknown): readonly PartnerCall[] {
  if (!Array.isArray(result)) throw malformed(what);
  return result.map((r) => oneCall(what, r));
}

const CONTACT_TYPES: readonly unknown[] = ['agent', 'queue', 'phonebook'] as const;

/** Reads a result that is a list of directory entries. */
export function contactList(what: string, result: unknown): readonly PartnerContact[] {
  if (!Array.isArray(result)) throw malformed(what);
  return result.map((r): PartnerContact => {
    if (!isRecord(r) || typeof r.id !== 'string' || !CONTACT_TYPES.includes(r.type) || typeof r.name !== 'string') throw malformed(what);
    if ((r.phoneNumber !== undefined && typeof r.phoneNumber !== 'string') || (r.available !== undefined && typeof r.available !== 'boolean')) throw malformed(what);
    return {
      id: r.id,
      type: r.type as PartnerContact['type'],
      name: r.name,
      ...(r.phoneNumber !== undefined ? { phoneNumber: r.phoneNumber } : {}),
      ...(r.available !== undefined ? { available: r.available } : {}),
    };
  });
}
