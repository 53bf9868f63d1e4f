/**
 * The simulator's remote-control commands (CONTRACT §4): each checked strictly, then run
 * on the simulated partner.
 *
 * @remarks
 * A command that is not acceptable is not run: {@link runControlCommand} returns why
 * (without the values themselves, which may be numbers), and the channel logs it. The
 * schedule times are checked by the partner itself, whose refusal (a `PartnerError`
 * saying what was expected) becomes the reason.
 */
import type { SimulatedPartner } from '../partner/simulator/simulated-partner';
import { isRecord } from '../vocabulary/guards';
import { isPartnerStatus, PARTNER_STATUSES } from '../vocabulary/partner-status';

/** Every message type the channel accepts; `STATE` is ours (or another page's), never run. */
export const CONTROL_MESSAGE_TYPES = ['SET_PARTNER_STATUS', 'SCHEDULE_STATUS', 'INCOMING_CALL', 'REMOTE_ANSWER', 'REMOTE_HANGUP', 'GET_STATE', 'STATE'] as const;

/** A message type the control channel knows. */
export type ControlMessageType = (typeof CONTROL_MESSAGE_TYPES)[number];

/** What a command may do besides driving the partner. */
export interface ControlCommandContext {
  readonly partner: SimulatedPartner;
  /** Posts `STATE` at once (the answer to `GET_STATE`). */
  readonly postStateNow: () => void;
}

/** Runs one command; returns why it was not run, or `undefined`. */
type Handler = (message: Record<string, unknown>, context: ControlCommandContext) => string | undefined;

const setOrSchedule: Handler = (message, { partner }) => {
  const { type, status } = message;
  if (!isPartnerStatus(status)) return `${String(type)}: status must be one of ${PARTNER_STATUSES.join(', ')}`;
  // A null durationMs (JSON has no undefined) means no return, as an absent one does.
  if (type === 'SCHEDULE_STATUS') partner.scheduleStatus(status, message.startInMs as number, (message.durationMs ?? undefined) as number | undefined);
  else partner.setPartnerStatus(status, 'set through the control channel');
  return undefined;
};

const remote: Handler = (message, { partner }) => {
  const { type, callId } = message;
  if (callId !== undefined && !partner.getCalls().some((c) => c.id === callId)) return `${String(type)}: callId, when given, must be the id of a live call`;
  if (type === 'REMOTE_ANSWER') partner.remoteAnswer(callId as string | undefined);
  else partner.remoteHangup(callId as string | undefined);
  return undefined;
};

/** One handler per message type: the compiler rejects a type without one. */
const HANDLERS: Readonly<Record<ControlMessageType, Handler>> = {
  SET_PARTNER_STATUS: setOrSchedule,
  SCHEDULE_STATUS: setOrSchedule,
  INCOMING_CALL: ({ type, phoneNumber }, { partner }) => {
    // Any caller id a network may present ("anonymous" included), within reason.
    if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || phoneNumber.trim() === '' || phoneNumber.length > 64)) {
      return `${String(type)}: phoneNumber, when given, must be a caller id of 1-64 characters`;
    }
    partner.incomingCall(phoneNumber);
    return undefined;
  },
  REMOTE_ANSWER: remote,
  REMOTE_HANGUP: remote,
  GET_STATE: (_message, { postStateNow }) => {
    postStateNow();
    return undefined;
  },
  // Ours echoed back, or another page's: not a command.
  STATE: () => undefined,
};

function isControlMessageType(type: unknown): type is ControlMessageType {
  return (CONTROL_MESSAGE_TYPES as readonly unknown[]).includes(type);
}

/**
 * Runs one channel message; returns why it is ignored (never with the values
 * themselves), or `undefined`. May throw (a partner refusal, a hostile object): the
 * caller turns that into the reason.
 */
export function runControlCommand(data: unknown, context: ControlCommandContext): string | undefined {
  if (!isRecord(data)) return `message is ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}, expected an object with a type`;
  if (!isControlMessageType(data.type)) return `unknown message type, expected one of ${CONTROL_MESSAGE_TYPES.filter((t) => t !== 'STATE').join(', ')}`;
  return HANDLERS[data.type](data, context);
}
