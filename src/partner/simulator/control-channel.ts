/**
 * The simulator's remote control: commands in, `STATE` out, over a `BroadcastChannel`.
 *
 * @remarks
 * Implements CONTRACT §4. Commands (`SET_PARTNER_STATUS`, `SCHEDULE_STATUS`,
 * `INCOMING_CALL`, `REMOTE_ANSWER`, `REMOTE_HANGUP`, `GET_STATE`) are validated strictly;
 * anything else (non-objects, unknown types, wrong field types, unknown status codes,
 * negative/NaN/huge times, unknown call ids) is ignored with a logged reason and never
 * throws. `STATE` messages — ours echoed back, or another page's — are ignored silently.
 *
 * `STATE` is posted after every partner change and every {@link ControlChannel.postState}
 * call, coalesced: all changes within one task produce one `STATE`, posted from a
 * microtask. `GET_STATE` is answered at once.
 *
 * @example
 * ```ts
 * const control = attachControlChannel({
 *   partner,
 *   channel: new BroadcastChannel(CONTROL_CHANNEL_NAME),
 *   syncView: () => bridge.view(),
 * });
 * bridge.onChange(() => control.postState());
 * ```
 */
import { isNumberIn, isRecord, messageOf } from '../../platform/guards';
import { publishLog } from '../../salesforce/scv';
import type { CallState } from '../call-state';
import { isPartnerStatus, isRoutable, PARTNER_STATUSES, type PartnerStatus } from '../partner-status';
import type { PendingChange, SyncLogEntry, SyncView } from '../../status-sync/types';
import { MAX_SCHEDULE_MS, type SimulatedPartner, type SimulatorLog } from './simulated-partner';

/** Name of the control channel the page opens. */
export const CONTROL_CHANNEL_NAME = 'scv-partner-simulator';

/** Log event type of the control channel's log lines. */
export const CONTROL_LOG_EVENT = 'PARTNER_SIMULATOR_CONTROL';

/** A message event as the channel delivers it. */
export interface ChannelMessageEvent {
  readonly data: unknown;
}

/** The part of `BroadcastChannel` the control channel uses (a fake in tests, the real one in the page). */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: ChannelMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: ChannelMessageEvent) => void): void;
  close(): void;
}

/** The `STATE` message, exactly as CONTRACT §4 fixes it. */
export interface StateMessage {
  readonly type: 'STATE';
  readonly partnerStatus: PartnerStatus;
  readonly routable: boolean;
  readonly callState: CallState;
  readonly salesforceStatusId: string | null;
  readonly pending: PendingChange | null;
  readonly syncLog: readonly SyncLogEntry[];
}

/** What {@link attachControlChannel} needs. */
export interface ControlChannelOptions {
  /** The simulator the commands drive. */
  readonly partner: SimulatedPartner;
  /** The channel; {@link ControlChannel.detach} closes it. */
  readonly channel: BroadcastChannelLike;
  /** The status sync's view for `STATE`, or `null` before the sync exists. */
  readonly syncView: () => SyncView | null;
  /** Log sink; default `publishLog` of the Salesforce wrapper. */
  readonly log?: SimulatorLog;
}

/** The attached control channel. */
export interface ControlChannel {
  /** Posts a `STATE` soon (coalesced with other changes in the same task). */
  postState(): void;
  /** Stops listening, drops a pending `STATE`, and closes the channel. */
  detach(): void;
}

type Command =
  | { type: 'SET_PARTNER_STATUS'; status: PartnerStatus }
  | { type: 'SCHEDULE_STATUS'; status: PartnerStatus; startInMs: number; durationMs?: number }
  | { type: 'INCOMING_CALL'; phoneNumber?: string }
  | { type: 'REMOTE_ANSWER'; callId?: string }
  | { type: 'REMOTE_HANGUP'; callId?: string }
  | { type: 'GET_STATE' };

const COMMAND_TYPES: readonly Command['type'][] = ['SET_PARTNER_STATUS', 'SCHEDULE_STATUS', 'INCOMING_CALL', 'REMOTE_ANSWER', 'REMOTE_HANGUP', 'GET_STATE'];

/** Longest accepted `callId`. */
const MAX_ID_LENGTH = 200;

/** Phone numbers the simulator accepts from the remote control: digits with the usual punctuation. */
const PHONE_NUMBER = /^\+?[0-9][0-9 ().-]{0,31}$/;

/** Connects the simulator to its remote control. See the file comment for the protocol. */
export function attachControlChannel(options: ControlChannelOptions): ControlChannel {
  const { partner, channel, syncView } = options;
  const logSink = options.log ?? publishLog;
  let scheduled = false;
  let attached = true;

  const log = (message: string, details: Record<string, unknown>, isError: boolean): void => {
    try {
      logSink(CONTROL_LOG_EVENT, { ...details, message }, isError);
    } catch {
      // Logging must never break the control channel.
    }
  };

  const stateMessage = (): StateMessage => {
    let view: SyncView | null = null;
    try {
      view = syncView();
    } catch (e) {
      log('syncView failed; STATE sent without sync data', { reason: messageOf(e) }, true);
    }
    const status = partner.getStatus();
    return {
      type: 'STATE',
      partnerStatus: status,
      routable: isRoutable(status),
      callState: partner.getCallState(),
      salesforceStatusId: view?.salesforceStatusId ?? null,
      // The engine replaces its pending change and log entries, never mutates them; only the log array grows.
      pending: view?.pending ?? null,
      syncLog: view ? [...view.syncLog] : [],
    };
  };

  const postNow = (): void => {
    if (!attached) return;
    try {
      channel.postMessage(stateMessage());
    } catch (e) {
      log('could not post STATE', { reason: messageOf(e) }, true);
    }
  };

  const postState = (): void => {
    if (scheduled || !attached) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      postNow();
    });
  };

  const execute = (command: Command): void => {
    switch (command.type) {
      case 'SET_PARTNER_STATUS':
        partner.setPartnerStatus(command.status, 'set through the control channel');
        return;
      case 'SCHEDULE_STATUS':
        partner.scheduleStatus(command.status, command.startInMs, command.durationMs);
        return;
      case 'INCOMING_CALL':
        partner.incomingCall(command.phoneNumber);
        return;
      case 'REMOTE_ANSWER':
        partner.remoteAnswer(command.callId);
        return;
      case 'REMOTE_HANGUP':
        partner.remoteHangup(command.callId);
        return;
      case 'GET_STATE':
        postNow();
        return;
    }
  };

  const onMessage = (event: ChannelMessageEvent): void => {
    const data: unknown = event.data;
    if (isRecord(data) && safeType(data) === 'STATE') return;
    let parsed: Command | string;
    try {
      parsed = parseCommand(data, partner);
    } catch (e) {
      // Only a hostile object (throwing getters) gets here; structured clone never makes one.
      parsed = `message could not be read: ${messageOf(e)}`;
    }
    if (typeof parsed === 'string') {
      log('control message ignored', { reason: parsed }, true);
      return;
    }
    try {
      execute(parsed);
    } catch (e) {
      log('control command failed', { type: parsed.type, reason: messageOf(e) }, true);
    }
  };

  const unsubscribe = partner.subscribe((event) => {
    if (event.type === 'stateChanged') postState();
  });
  channel.addEventListener('message', onMessage);

  return {
    postState,
    detach(): void {
      if (!attached) return;
      attached = false;
      unsubscribe();
      channel.removeEventListener('message', onMessage);
      try {
        channel.close();
      } catch {
        // Already closed: nothing to release.
      }
    },
  };
}

/** Validates a control message; returns the command or why it is ignored (never with the values themselves). */
function parseCommand(data: unknown, partner: SimulatedPartner): Command | string {
  if (!isRecord(data)) return `message is ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}, expected an object with a type`;
  const { type } = data;
  if (typeof type !== 'string' || !(COMMAND_TYPES as readonly string[]).includes(type)) {
    return `unknown message type, expected one of ${COMMAND_TYPES.join(', ')}`;
  }
  const t = type as Command['type'];
  switch (t) {
    case 'SET_PARTNER_STATUS':
      if (!isPartnerStatus(data.status)) return `${t}: status must be one of ${PARTNER_STATUSES.join(', ')}`;
      return { type: t, status: data.status };
    case 'SCHEDULE_STATUS': {
      if (!isPartnerStatus(data.status)) return `${t}: status must be one of ${PARTNER_STATUSES.join(', ')}`;
      if (!isTime(data.startInMs, 0)) return `${t}: startInMs must be a number from 0 to ${MAX_SCHEDULE_MS}`;
      if (data.durationMs === undefined) return { type: t, status: data.status, startInMs: data.startInMs };
      if (!isTime(data.durationMs, 1)) return `${t}: durationMs, when given, must be a number from 1 to ${MAX_SCHEDULE_MS}`;
      return { type: t, status: data.status, startInMs: data.startInMs, durationMs: data.durationMs };
    }
    case 'INCOMING_CALL':
      if (data.phoneNumber === undefined) return { type: t };
      if (typeof data.phoneNumber !== 'string' || !PHONE_NUMBER.test(data.phoneNumber)) {
        return `${t}: phoneNumber, when given, must be a phone number (digits, optional leading +, spaces ( ) . -; at most 32 characters)`;
      }
      return { type: t, phoneNumber: data.phoneNumber };
    case 'REMOTE_ANSWER':
    case 'REMOTE_HANGUP': {
      if (data.callId === undefined) return { type: t };
      if (typeof data.callId !== 'string' || data.callId === '' || data.callId.length > MAX_ID_LENGTH) {
        return `${t}: callId, when given, must be a non-empty string of at most ${MAX_ID_LENGTH} characters`;
      }
      const callId = data.callId;
      if (!partner.getCalls().some((c) => c.id === callId)) return `${t}: unknown callId ${callId}`;
      return { type: t, callId };
    }
    case 'GET_STATE':
      return { type: t };
  }
}

function safeType(data: Record<string, unknown>): unknown {
  try {
    return data.type;
  } catch {
    return undefined;
  }
}

function isTime(value: unknown, min: number): value is number {
  return isNumberIn(value, min, MAX_SCHEDULE_MS);
}
