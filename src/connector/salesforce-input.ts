/**
 * Reading what Salesforce sends: the call it means, the number to dial, the desk phone,
 * the supervised call, the directory filter.
 *
 * @remarks
 * The base library forwards Salesforce's objects unchecked, so every reader here takes
 * `unknown`, and refuses with a {@link ConnectorError} of the library type Salesforce
 * reports for that input (`INVALID_PARTICIPANT`, `INVALID_DESTINATION`, …), or logs and
 * leaves out what is malformed where that loses nothing (the directory filter).
 */
import type { CallRole, ContactFilter, PartnerCall, PartnerContact } from '../partner/partner-telephony';
import { Constants, Phone, publishLog } from '../salesforce/scv';
import { DESK_PHONE_MIN_DIGITS, DIALABLE_RULE, isDialable, MAX_DIALABLE_DIGITS } from '../vocabulary/dialing';
import { isCount, isRecord } from '../vocabulary/guards';
import { ConnectorLog } from './connector-log';
import { ErrorType, connectorError } from './errors';

const ROLE_BY_PARTICIPANT_TYPE: Readonly<Record<string, CallRole>> = {
  [Constants.PARTICIPANT_TYPE.INITIAL_CALLER]: 'customer',
  [Constants.PARTICIPANT_TYPE.THIRD_PARTY]: 'thirdParty',
  [Constants.PARTICIPANT_TYPE.SUPERVISOR]: 'supervisor',
};

/** `GET_PHONE_CONTACTS` filter types (`Constants.CONTACTS_FILTER_TYPES`) → directory entry types. */
const DIRECTORY_TYPES_BY_FILTER: Readonly<Record<string, readonly PartnerContact['type'][]>> = {
  AGENT: ['agent'],
  QUEUE: ['queue'],
  CONTACT: ['phonebook'],
  DIRECTORY: ['phonebook'],
  FLOW: [],
  AVAILABLE: ['agent'],
};

/** A non-empty string field of an untrusted object, or `undefined`. */
export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

function describeIds(legs: readonly PartnerCall[]): string {
  return legs.length === 0 ? 'none' : legs.map((leg) => leg.id).join(', ');
}

/**
 * The live leg Salesforce means.
 *
 * @remarks
 * By `callId` when given (an unknown id is refused rather than guessed: a stale id must
 * not act on another call); without one, by `callAttributes.participantType`, then by
 * `fallbackRole` (the newest live leg of that role).
 * @throws ConnectorError `INVALID_PARTICIPANT`
 */
export function findLeg(live: readonly PartnerCall[], call: unknown, fallbackRole?: CallRole): PartnerCall {
  const callId = stringField(call, 'callId');
  if (callId !== undefined) {
    const byId = live.find((leg) => leg.id === callId);
    if (byId) return byId;
    throw connectorError(ErrorType.INVALID_PARTICIPANT, `no live call with id "${callId}" (live: ${describeIds(live)})`);
  }
  const participantType = stringField(isRecord(call) ? call.callAttributes : undefined, 'participantType');
  const role = (participantType !== undefined ? ROLE_BY_PARTICIPANT_TYPE[participantType] : undefined) ?? fallbackRole;
  const byRole = role === undefined ? undefined : [...live].reverse().find((leg) => leg.role === role);
  if (byRole) return byRole;
  throw connectorError(ErrorType.INVALID_PARTICIPANT, `no live ${role ?? 'call'} leg matches (live: ${describeIds(live)})`);
}

/**
 * The number to call for a Salesforce `Contact`: its number (with prefix), or its
 * directory entry's.
 *
 * @throws ConnectorError `INVALID_DESTINATION`
 */
export async function destinationOf(contact: unknown, directory: () => Promise<readonly PartnerContact[]>): Promise<string> {
  const number = stringField(contact, 'phoneNumber');
  if (number !== undefined) {
    const prefix = stringField(contact, 'prefix');
    const full = prefix !== undefined && !number.startsWith('+') ? `${prefix}${number}` : number;
    if (!isDialable(full)) throw connectorError(ErrorType.INVALID_DESTINATION, `phone number must be ${DIALABLE_RULE}`);
    return full;
  }
  const id = stringField(contact, 'id');
  if (id !== undefined) {
    const entry = (await directory()).find((candidate) => candidate.id === id);
    if (entry?.phoneNumber !== undefined) return entry.phoneNumber;
  }
  throw connectorError(ErrorType.INVALID_DESTINATION, 'contact has no phone number, nor a directory entry with one');
}

/**
 * The phone `SET_AGENT_CONFIG` selects: the soft phone, or a desk phone with a number
 * (7–15 digits, optional leading `+`, separators allowed).
 *
 * @throws ConnectorError `CAN_NOT_UPDATE_PHONE_NUMBER` for a bad desk number,
 * `INVALID_PARAMS` for anything else (the library reports `CAN_NOT_SET_AGENT_CONFIG`).
 */
export function selectedPhoneOf(config: unknown): Phone {
  const phone = isRecord(config) ? config.selectedPhone : undefined;
  const type = stringField(phone, 'type');
  if (type === Constants.PHONE_TYPE.SOFT_PHONE) return new Phone({ type });
  if (type === Constants.PHONE_TYPE.DESK_PHONE) {
    const number = stringField(phone, 'number');
    if (!isDialable(number, DESK_PHONE_MIN_DIGITS)) throw connectorError(ErrorType.CAN_NOT_UPDATE_PHONE_NUMBER, `desk phone number must be ${DESK_PHONE_MIN_DIGITS}-${MAX_DIALABLE_DIGITS} digits`);
    return new Phone({ type, number });
  }
  throw connectorError(ErrorType.INVALID_PARAMS, `selectedPhone.type must be ${Constants.PHONE_TYPE.SOFT_PHONE} or ${Constants.PHONE_TYPE.DESK_PHONE}, got ${String(type)}`);
}

/** `supervisedCallInfo.callId`. @throws ConnectorError `INVALID_PARAMS` */
export function supervisedCallId(info: unknown): string {
  const callId = stringField(info, 'callId');
  if (callId === undefined) throw connectorError(ErrorType.INVALID_PARAMS, 'supervisedCallInfo.callId is required');
  return callId;
}

/**
 * The partner's directory filter for the library's `{ contains, type | types, limit,
 * offset }`: `AGENT`, `QUEUE`, `CONTACT`/`DIRECTORY` (phone book) and `AVAILABLE`
 * (available agents) map to {@link ContactFilter}; `FLOW` matches nothing here. What is
 * malformed is logged and left out.
 */
export function contactFilterOf(filter: unknown): ContactFilter {
  const result: { -readonly [K in keyof ContactFilter]: ContactFilter[K] } = {};
  if (filter === undefined || filter === null) return result;
  if (!isRecord(filter)) {
    publishLog(ConnectorLog.CONTACT_FILTER, { message: `filter must be an object, got ${typeof filter}; ignored` }, true);
    return result;
  }
  const problems: string[] = [];
  const { contains } = filter;
  if (typeof contains === 'string') result.contains = contains;
  else if (contains !== undefined) problems.push('contains must be a string');
  // Types this directory does not serve (FLOW) add no entry type: `types: []` then matches nothing.
  for (const type of [filter.type, ...(Array.isArray(filter.types) ? (filter.types as unknown[]) : [filter.types])]) {
    if (type === undefined || type === null) continue;
    const upper = typeof type === 'string' ? type.toUpperCase() : '';
    const mapped = DIRECTORY_TYPES_BY_FILTER[upper];
    if (mapped === undefined) {
      problems.push(`unknown contact type ${JSON.stringify(type)} (expected ${Object.keys(DIRECTORY_TYPES_BY_FILTER).join(', ')})`);
      continue;
    }
    if (upper === 'AVAILABLE') result.availableOnly = true;
    result.types = [...(result.types ?? []), ...mapped];
  }
  for (const key of ['limit', 'offset'] as const) {
    const value = filter[key];
    if (isCount(value)) result[key] = value;
    else if (value !== undefined && value !== null) problems.push(`${key} must be a whole number >= 0`);
  }
  if (problems.length > 0) publishLog(ConnectorLog.CONTACT_FILTER, { message: problems.join('; ') }, true);
  return result;
}
