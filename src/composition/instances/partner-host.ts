/**
 * The leader's side of the relay: runs followers' commands on the one partner and the one
 * status sync, and sends every event with the state after it.
 *
 * @remarks
 * Omni changes from every instance (the leader's own included) pass {@link OmniCopies}
 * first: each instance's Salesforce host sends the same `SET_AGENT_STATUS`, and only the
 * first report of a change reaches the sync engine.
 *
 * The leader answers its own Salesforce host first and tells the followers after: events
 * are queued (each with the mirror as it was right after it) and posted together by
 * `later` (after the current task), as posting clones the mirror and the sync view. A
 * follower's result is posted after the queue, so its mirror has every event of its
 * command before the command's answer.
 */
import type { StatusBridge } from '../../connector/status-bridge';
import { PARTNER_COMMANDS, PartnerError, type PartnerEvent, type PartnerTelephony } from '../../partner/partner-telephony';
import { GenericResult } from '../../salesforce/scv';
import { isRecord } from '../../vocabulary/guards';
import type { Clock, TimerHandle } from '../../platform/clock';
import type { BroadcastChannelLike } from '../control-channel';
import { OmniCopies } from './omni-copies';
import { WrapUpHolders } from './wrap-up-holders';
import type { PartnerMirror, RelayMessage, RelayedError } from './relay-protocol';

const PARTNER_OPS: ReadonlySet<string> = new Set(PARTNER_COMMANDS);

/** A new leader in wrap-up waits this long for its followers' hellos before it ends a wrap-up nobody shows. */
export const WRAP_UP_SETTLE_MS = 1_000;

/** What the host needs. */
export interface PartnerHostOptions {
  readonly id: string;
  readonly partner: PartnerTelephony;
  readonly status: StatusBridge;
  readonly channel: BroadcastChannelLike;
  readonly clock: Clock;
  /** This instance's host shows the agent's wrap-up (a takeover during wrap-up). */
  readonly holdsWrapUp?: boolean;
  /** Runs a job after the current task (the page's deferred work). */
  readonly later: (job: () => void) => void;
  /** Configures the sync with a follower's config if the leader has none yet. */
  readonly configureOnce: (config: Readonly<Record<string, unknown>>) => void;
  /**
   * Subscribes to every change of the partner's state, also those the seam sends no event
   * for (hold, mute, recording): the leader's `onChange`. Followers' mirrors follow it.
   */
  readonly onChange?: (listener: () => void) => () => void;
}

/** Takes a snapshot of the partner's synchronous queries; `now` is the leader's clock. */
export function mirrorOf(partner: PartnerTelephony, now: number): PartnerMirror {
  return {
    status: partner.getStatus(),
    callState: partner.getCallState(),
    calls: partner.getCalls(),
    muted: partner.isMuted(),
    recordingPaused: partner.isRecordingPaused(),
    connection: partner.connectionState,
    capabilities: partner.capabilities,
    catalogue: partner.getStatusCatalogue(),
    offset: partner.partnerNow() - now,
  };
}

/** The leader's relay endpoint. */
export class PartnerHost {
  private readonly copies: OmniCopies;
  private readonly stops: (() => void)[] = [];
  /** Events not yet posted, each with the mirror right after it (`null`: the state only). */
  private queue: { event: PartnerEvent | null; mirror: PartnerMirror }[] = [];
  private readonly wrapUp: WrapUpHolders;
  private settleTimer: TimerHandle | null = null;

  constructor(private readonly options: PartnerHostOptions) {
    const { partner, status, clock } = options;
    this.copies = new OmniCopies(() => clock.now());
    this.copies.join(options.id);
    this.wrapUp = new WrapUpHolders(
      () => partner.getCallState() === 'wrapup',
      () => void status.wrapUpCall().catch(() => undefined),
    );
    if (options.holdsWrapUp === true) this.wrapUp.hold(options.id);
    if (partner.getCallState() === 'wrapup') this.settleTimer = clock.setTimeout(() => this.wrapUp.settle(), WRAP_UP_SETTLE_MS);
    this.stops.push(
      partner.subscribe((event) => {
        if (event.type === 'callStateChanged' && event.state === 'wrapup') this.wrapUp.began(this.copies.instances());
        this.broadcast(event);
      }),
    );
    this.stops.push(options.status.onChange(() => this.broadcast(null)));
    this.stops.push(options.partner.onConnectionStateChange(() => this.broadcast(null)));
    if (options.onChange) this.stops.push(options.onChange(() => this.broadcast(null)));
    this.broadcast(null);
  }

  /** An Omni change reported by `instance`: applied once, copies answered `success`. */
  omni(instance: string, agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<GenericResult> {
    const statusId = isRecord(statusInfo) && typeof statusInfo.statusId === 'string' ? statusInfo.statusId : '';
    if (statusId !== '' && this.copies.report(instance, { statusId, enqueueNextState: enqueueNextState === true }) === 'copy') {
      return Promise.resolve(new GenericResult({ success: true }));
    }
    return this.options.status.setAgentStatus(agentStatus, statusInfo, enqueueNextState);
  }

  /** `instance` asks to end the wrap-up without a call: ended unless another tab's host shows it. */
  endOrphanedWrapUp(instance: string): void {
    this.wrapUp.orphaned(instance);
  }

  /** Handles a relay message meant for the leader. */
  receive(message: RelayMessage): void {
    if (message.t === 'hello') {
      this.copies.join(message.from);
      if (message.holds === true) this.wrapUp.hold(message.from);
      this.broadcast(null);
    } else if (message.t === 'bye') {
      this.copies.leave(message.from);
      this.wrapUp.left(message.from);
    } else if (message.t === 'call') {
      void this.run(message.from, message.op, message.args).then(
        (value) => this.answer({ t: 'result', to: message.from, seq: message.seq, ok: true, value: plain(value) }),
        (e: unknown) => this.answer({ t: 'result', to: message.from, seq: message.seq, ok: false, error: relayedError(e) }),
      );
    }
  }

  /** Posts what is queued, then stops relaying (this instance is no longer the leader). */
  dispose(): void {
    this.flush();
    if (this.settleTimer !== null) this.options.clock.clearTimeout(this.settleTimer);
    for (const stop of this.stops.splice(0)) stop();
  }

  private run(from: string, op: string, args: readonly unknown[]): Promise<unknown> {
    const { partner, status } = this.options;
    if (op === 'omni') return this.omni(from, String(args[0]), args[1], args[2] === true).then((r) => ({ success: r.success }));
    if (op === 'configure') {
      if (isRecord(args[0])) this.options.configureOnce(args[0]);
      return Promise.resolve(null);
    }
    if (op === 'wrapUpCall') return status.wrapUpCall();
    if (op === 'orphanedWrapUp') {
      this.endOrphanedWrapUp(from);
      return Promise.resolve(null);
    }
    if (op === 'logoutAgent') return status.logout();
    if (!PARTNER_OPS.has(op)) return Promise.reject(new PartnerError(`unknown relayed operation ${op.slice(0, 40)}`, 'INVALID_ARGUMENT'));
    return (partner as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[op]!.apply(partner, [...args]);
  }

  /** Queues an event (or a change of state only) for the followers; posted after the current task. */
  private broadcast(event: PartnerEvent | null): void {
    const last = this.queue[this.queue.length - 1];
    const mirror = mirrorOf(this.options.partner, this.options.clock.now());
    // A change of state only needs the latest mirror: it replaces a queued one.
    if (event === null && last?.event === null) last.mirror = mirror;
    else if (this.queue.push({ event, mirror }) === 1) this.options.later(() => this.flush());
  }

  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 0) return;
    const view = this.options.status.view();
    for (const { event, mirror } of queue) this.post({ t: 'event', leader: this.options.id, event, mirror, view });
  }

  /** A follower's answer, after the events of its command. */
  private answer(message: RelayMessage): void {
    this.flush();
    this.post(message);
  }

  private post(message: RelayMessage): void {
    try {
      this.options.channel.postMessage(message);
    } catch {
      // The page is going; the next leader resends the state.
    }
  }
}

function relayedError(e: unknown): RelayedError {
  const record = isRecord(e) ? e : {};
  const code = typeof record.code === 'string' ? record.code : typeof record.type === 'string' ? record.type : 'RELAY_FAILED';
  const message = typeof record.message === 'string' ? record.message : String(e);
  return { message, code };
}

/** Results cross the channel as plain data (class instances lose their prototype anyway). */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value)) as unknown;
}
