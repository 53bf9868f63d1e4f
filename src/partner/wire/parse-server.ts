/**
 * The connector's reader of server frames: every frame is hostile until each field is
 * checked, so a garbage frame is refused with a reason (never its payload) and cannot
 * break the mirror.
 */
import { isCallState } from '../../vocabulary/call-state';
import { isCount, isNumberIn, isRecord } from '../../vocabulary/guards';
import { isPartnerStatus } from '../../vocabulary/partner-status';
import { CALL_DIRECTIONS, CALL_ROLES, LEG_STATES, type PartnerCall } from '../partner-telephony';
import { MAX_ID_LENGTH, MAX_MESSAGE_BYTES, type AgentView, type ServerMessage, type WireNotice } from './messages';
import { isText } from './parse-client';

/** Why a server frame was refused (without its content). */
export interface ServerFrameProblem {
  readonly problem: string;
}

const CALL_CHANGES = ['incomingCall', 'remoteAnswered', 'remoteHangup', 'callMissed', 'supervisorBargedIn'] as const;

const oneOf = <T>(list: readonly T[], value: unknown): value is T => (list as readonly unknown[]).includes(value);

/** A call leg of a frame, or null when any field is off. */
export function callOf(raw: unknown): PartnerCall | null {
  if (!isRecord(raw)) return null;
  const { id, role, direction, phoneNumber, state, parentId, createdAt, bargedIn } = raw;
  if (!isText(id, 128) || !oneOf(CALL_ROLES, role) || !oneOf(CALL_DIRECTIONS, direction) || typeof phoneNumber !== 'string' || !oneOf(LEG_STATES, state)) return null;
  if (!isNumberIn(createdAt, 0) || (parentId !== undefined && !isText(parentId, 128)) || (bargedIn !== undefined && typeof bargedIn !== 'boolean')) return null;
  return { id, role, direction, phoneNumber, state, createdAt, ...(parentId !== undefined ? { parentId } : {}), ...(bargedIn !== undefined ? { bargedIn } : {}) };
}

/** The agent view of a frame, or null when any field is off. */
export function agentViewOf(raw: unknown): AgentView | null {
  if (!isRecord(raw) || !Array.isArray(raw.calls)) return null;
  const { status, routable, callState, muted, recordingPaused } = raw;
  if (!isPartnerStatus(status) || typeof routable !== 'boolean' || !isCallState(callState) || typeof muted !== 'boolean' || typeof recordingPaused !== 'boolean') return null;
  const calls = raw.calls.map(callOf);
  if (calls.some((c) => c === null)) return null;
  return { status, routable, callState, calls: calls as PartnerCall[], muted, recordingPaused };
}

/** The notice of an `event` frame (its own stamp dropped: the frame's counts), or null. */
function noticeOf(raw: unknown): WireNotice | null {
  if (!isRecord(raw)) return null;
  const { type } = raw;
  if (type === 'changed' || type === 'resynced') return { type };
  if (type === 'statusChanged') {
    const { status, previous, origin, reason } = raw;
    if (!isPartnerStatus(status) || !isPartnerStatus(previous) || (origin !== 'partner' && origin !== 'connector') || typeof reason !== 'string') return null;
    return { type, status, previous, origin, reason };
  }
  if (type === 'callStateChanged') {
    return isCallState(raw.state) && isCallState(raw.previous) ? { type, state: raw.state, previous: raw.previous } : null;
  }
  if (oneOf(CALL_CHANGES, type)) {
    const call = callOf(raw.call);
    return call ? ({ type, call }) : null;
  }
  return null;
}

/** Reads one server frame; returns the message or why it is refused. */
export function parseServerMessage(text: unknown): ServerMessage | ServerFrameProblem {
  if (typeof text !== 'string') return { problem: 'binary frame' };
  if (text.length > MAX_MESSAGE_BYTES) return { problem: `frame over ${MAX_MESSAGE_BYTES} bytes` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'frame is not JSON' };
  }
  if (!isRecord(raw)) return { problem: 'frame is not a JSON object' };
  const id = isText(raw.id, MAX_ID_LENGTH) ? raw.id : undefined;
  const bad = (what: string): ServerFrameProblem => ({ problem: `${String(raw.type).slice(0, 20)} frame: ${what}` });
  switch (raw.type) {
    case 'answer': {
      if (id === undefined || typeof raw.ok !== 'boolean') return bad('needs id and ok');
      if (raw.ok) {
        if (raw.seq !== undefined && !isCount(raw.seq)) return bad('seq must be a whole number >= 0');
        return { type: 'answer', id, ok: true, result: raw.result, ...(raw.seq !== undefined ? { seq: raw.seq } : {}) };
      }
      const error = raw.error;
      if (!isRecord(error) || !isText(error.code, 64) || typeof error.message !== 'string') return bad('needs error {code, message}');
      return { type: 'answer', id, ok: false, error: { code: error.code, message: error.message } };
    }
    case 'event': {
      const event = noticeOf(raw.event);
      const state = agentViewOf(raw.state);
      if (!isCount(raw.seq) || raw.seq < 1 || !isNumberIn(raw.at, 0) || !event || !state) return bad('needs seq >= 1, at, a known event and a valid state');
      return { type: 'event', seq: raw.seq, at: raw.at, event, state };
    }
    case 'snapshot': {
      const state = agentViewOf(raw.state);
      if (!isCount(raw.seq) || !isNumberIn(raw.at, 0) || !state) return bad('needs seq, at and a valid state');
      return { type: 'snapshot', seq: raw.seq, at: raw.at, state };
    }
    case 'pong':
      if (id === undefined || !isNumberIn(raw.serverTime, 0)) return bad('needs id and serverTime');
      return { type: 'pong', id, serverTime: raw.serverTime };
    case 'error':
      if (!isText(raw.code, 64) || typeof raw.message !== 'string') return bad('needs code and message');
      return { type: 'error', code: raw.code, message: raw.message, ...(id !== undefined ? { id } : {}) };
    default:
      return { problem: 'unknown frame type' };
  }
}
