/**
 * The simulator's remote control: commands in, `STATE` out, over a `BroadcastChannel`.
 *
 * @remarks
 * Implements CONTRACT §4. It lives at composition level because it speaks for the
 * partner (commands, partner fields of `STATE`) and the status sync (sync fields of
 * `STATE`) together. Commands are checked and run by `./control-commands`; anything not
 * acceptable (non-objects, unknown types, wrong field types, unknown status codes,
 * negative/NaN/huge times, unknown call ids, a partner refusal) is ignored, and the reason
 * goes to the base library's log as an error line; nothing throws. `STATE` messages —
 * ours echoed back, or another page's — are ignored silently.
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
import type { PartnerTelephony } from '../partner/partner-telephony';
import type { SimulatedPartner, SimulatorLog } from '../partner/simulator/simulated-partner';
import { realClock, type Clock } from '../platform/clock';
import { publishLog } from '../salesforce/scv';
import { logBudget } from './log-budget';
import type { SyncView } from '../status-sync/types';
import type { CallState } from '../vocabulary/call-state';
import { messageOf } from '../vocabulary/guards';
import { isRoutable, type PartnerStatus } from '../vocabulary/partner-status';
import type { PendingChange, SyncLogEntry } from '../vocabulary/sync-log';
import { runControlCommand } from './control-commands';

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
  /**
   * The partner whose mirror `STATE` reports, posted on each of its events: the one
   * `/partner/mode` chose (CONTRACT §8: remote mode posts the same `STATE`); default `partner`.
   */
  readonly mirror?: PartnerTelephony;
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
  /** Time for the error-log budget (CONTRACT §7.6); default {@link realClock}. */
  readonly clock?: Pick<Clock, 'elapsed' | 'setTimeout' | 'clearTimeout'>;
}

/** The attached control channel. */
export interface ControlChannel {
  /** Posts a `STATE` soon (coalesced with other changes in the same task). */
  postState(): void;
  /** Stops listening, drops a pending `STATE`, and closes the channel. */
  detach(): void;
}

/** Connects the simulator to its remote control. See the file comment for the protocol. */
export function attachControlChannel(options: ControlChannelOptions): ControlChannel {
  const { partner, channel } = options;
  const logSink = options.log ?? publishLog;
  const write = (message: string, details: Record<string, unknown>): void => {
    try {
      logSink(CONTROL_LOG_EVENT, { ...details, message }, true);
    } catch {
      // Logging must never break the control channel.
    }
  };
  // A flood of bad commands costs at most 100 error lines a minute, then one line with the count.
  const budget = logBudget(options.clock ?? realClock, (count) => write('control messages ignored without a log line (over 100 a minute)', { count }));
  const log = (message: string, details: Record<string, unknown>): void => {
    if (budget.take()) write(message, details);
  };
  const mirror = options.mirror ?? partner;
  const poster = new StatePoster(channel, () => stateMessage(mirror, options.syncView, log), options.later ?? queueMicrotask, log);
  const context = { partner, postStateNow: () => poster.postNow() };

  const onMessage = (event: ChannelMessageEvent): void => {
    let reason: string | undefined;
    try {
      reason = runControlCommand(event.data, context);
    } catch (e) {
      // The partner refusing a command's arguments, or a hostile object (throwing getters; structured clone never makes one).
      reason = `message refused: ${messageOf(e)}`;
    }
    if (reason !== undefined) log('control message ignored', { reason });
  };

  const offSimulator = partner.onChange(() => poster.postSoon());
  const offMirror = mirror === partner ? () => undefined : mirror.subscribe(() => poster.postSoon());
  const unsubscribe = (): void => {
    offSimulator();
    offMirror();
  };
  channel.addEventListener('message', onMessage);

  return {
    postState: () => poster.postSoon(),
    detach(): void {
      if (!poster.open) return;
      poster.close();
      unsubscribe();
      channel.removeEventListener('message', onMessage);
      budget.flush();
      try {
        channel.close();
      } catch {
        // Already closed: nothing to release.
      }
    },
  };
}

/**
 * The `STATE` message for the partner's mirror and the sync's view.
 *
 * @remarks
 * A failing `syncView` is logged and `STATE` goes out without sync data.
 */
export function stateMessage(partner: PartnerTelephony, syncView: () => SyncView | null, log: (message: string, details: Record<string, unknown>) => void): StateMessage {
  let view: SyncView | null = null;
  try {
    view = syncView();
  } catch (e) {
    log('syncView failed; STATE sent without sync data', { reason: messageOf(e) });
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
}

/** Posts `STATE` on the channel: at once, or coalesced (all requests within one task, one post). */
class StatePoster {
  private scheduled = false;
  open = true;

  constructor(
    private readonly channel: BroadcastChannelLike,
    private readonly build: () => StateMessage,
    private readonly later: (post: () => void) => void,
    private readonly log: (message: string, details: Record<string, unknown>) => void,
  ) {}

  postNow(): void {
    if (!this.open) return;
    try {
      this.channel.postMessage(this.build());
    } catch (e) {
      this.log('could not post STATE', { reason: messageOf(e) });
    }
  }

  postSoon(): void {
    if (this.scheduled || !this.open) return;
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      this.postNow();
    });
  }

  close(): void {
    this.open = false;
  }
}
