/**
 * The simulator's remote control: commands in, `STATE` out, over a `BroadcastChannel`.
 *
 * @remarks
 * Implements CONTRACT §4. Commands (`SET_PARTNER_STATUS`, `SCHEDULE_STATUS`,
 * `INCOMING_CALL`, `REMOTE_ANSWER`, `REMOTE_HANGUP`, `GET_STATE`) are validated strictly
 * (the schedule times by {@link SimulatedPartner.scheduleStatus} itself, whose refusal is
 * the logged reason); anything else (non-objects, unknown types, wrong field types, unknown status codes,
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
import { isRecord, messageOf } from '../../platform/guards';
import { publishLog } from '../../salesforce/scv';
import type { CallState } from '../call-state';
import { isPartnerStatus, isRoutable, PARTNER_STATUSES, type PartnerStatus } from '../partner-status';
import type { PendingChange, SyncLogEntry, SyncView } from '../../status-sync/types';
import type { SimulatedPartner, SimulatorLog } from './simulated-partner';

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
  /**
   * Runs the coalesced `STATE` post; default a microtask. The page passes a 0 ms timer,
   * so that building and cloning `STATE` never delays an answer to Salesforce.
   */
  readonly later?: (post: () => void) => void;
}

/** The attached control channel. */
export interface ControlChannel {
  /** Posts a `STATE` soon (coalesced with other changes in the same task). */
  postState(): void;
  /** Stops listening, drops a pending `STATE`, and closes the channel. */
  detach(): void;
}

const COMMAND_TYPES = ['SET_PARTNER_STATUS', 'SCHEDULE_STATUS', 'INCOMING_CALL', 'REMOTE_ANSWER', 'REMOTE_HANGUP', 'GET_STATE'];

/** Connects the simulator to its remote control. See the file comment for the protocol. */
export function attachControlChannel(options: ControlChannelOptions): ControlChannel {
  const { partner, channel, syncView } = options;
  const logSink = options.log ?? publishLog;
  const later = options.later ?? queueMicrotask;
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
    later(() => {
      scheduled = false;
      postNow();
    });
  };

  /** Runs one message; returns why it is ignored (never with the values themselves), or nothing. */
  const run = (data: unknown): string | undefined => {
    if (!isRecord(data)) return `message is ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}, expected an object with a type`;
    const { type, status, phoneNumber, callId } = data;
    switch (type) {
      case 'STATE':
        // Ours echoed back, or another page's: not a command.
        return;
      case 'SET_PARTNER_STATUS':
      case 'SCHEDULE_STATUS':
        if (!isPartnerStatus(status)) return `${type}: status must be one of ${PARTNER_STATUSES.join(', ')}`;
        // scheduleStatus checks the times itself and throws a PartnerError saying what was expected.
        // A null durationMs (JSON has no undefined) means no return, as an absent one does.
        if (type === 'SCHEDULE_STATUS') partner.scheduleStatus(status, data.startInMs as number, (data.durationMs ?? undefined) as number | undefined);
        else partner.setPartnerStatus(status, 'set through the control channel');
        return;
      case 'INCOMING_CALL':
        // Any caller id a network may present ("anonymous" included), within reason.
        if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || phoneNumber.trim() === '' || phoneNumber.length > 64)) {
          return `${type}: phoneNumber, when given, must be a caller id of 1-64 characters`;
        }
        partner.incomingCall(phoneNumber);
        return;
      case 'REMOTE_ANSWER':
      case 'REMOTE_HANGUP':
        if (callId !== undefined && !partner.getCalls().some((c) => c.id === callId)) return `${type}: callId, when given, must be the id of a live call`;
        if (type === 'REMOTE_ANSWER') partner.remoteAnswer(callId as string | undefined);
        else partner.remoteHangup(callId as string | undefined);
        return;
      case 'GET_STATE':
        postNow();
        return;
    }
    return `unknown message type, expected one of ${COMMAND_TYPES.join(', ')}`;
  };

  const onMessage = (event: ChannelMessageEvent): void => {
    let reason: string | undefined;
    try {
      reason = run(event.data);
    } catch (e) {
      // The partner refusing a command's arguments, or a hostile object (throwing getters; structured clone never makes one).
      reason = `message refused: ${messageOf(e)}`;
    }
    if (reason !== undefined) log('control message ignored', { reason }, true);
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
