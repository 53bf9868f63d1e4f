/**
 * A follower instance's {@link PartnerTelephony}: a mirror of the leader's one partner,
 * whose commands travel to the leader over the relay channel.
 *
 * @remarks
 * Queries answer from the mirror the leader sends with every event: the partner's state,
 * and also its connection state, capabilities, status catalogue and clock, so a follower
 * is the same whichever partner the leader runs (the simulator, or a networked one).
 * Commands resolve with the leader's answer, or reject with the leader's
 * {@link PartnerError} (a refusal of the status sync comes back as the leader's
 * {@link ConnectorError}), or with `TIMEOUT` after {@link RELAY_TIMEOUT_MS} (a leader that
 * left mid-command; the command may or may not have happened, and the next event says
 * which), or `UNAVAILABLE` when the relay channel is closed or this instance stops
 * waiting (it takes over, or the page goes).
 *
 * `connect` and `login` resolve `connected` at once: the relay is the page's own
 * channel, and the leader connects (and logs in to) the partner. While the leader's
 * partner is reconnecting, this one says so (`connectionState` and its listeners follow
 * the leader's), and relayed commands fail as the leader's partner fails them. A new
 * leader's partner numbers its events from its own saved state, so a change of leader is
 * announced to subscribers as one `resynced` (their new baseline) before its first event.
 */
import { ConnectorError, ErrorType } from '../../connector/errors';
import {
  PARTNER_COMMANDS,
  PartnerError,
  type ConnectionState,
  type ConnectResult,
  type PartnerCapabilities,
  type PartnerCommand,
  type PartnerListener,
  type PartnerTelephony,
} from '../../partner/partner-telephony';
import type { Clock } from '../../platform/clock';
import type { SyncView } from '../../status-sync/types';
import { isPartnerErrorCode } from '../../vocabulary/partner-errors';
import type { BroadcastChannelLike } from '../control-channel';
import type { PartnerMirror, RelayMessage } from './relay-protocol';

/** A relayed command without an answer for this long fails. */
export const RELAY_TIMEOUT_MS = 5_000;

const EMPTY_MIRROR: PartnerMirror = {
  status: 'OFFLINE', callState: 'idle', calls: [], muted: false, recordingPaused: false,
  connection: 'connected', capabilities: { recordings: false }, catalogue: [], offset: 0,
};
const EMPTY_VIEW: SyncView = { salesforceStatusId: null, pending: null, syncLog: [] };

/** The seam's queries a follower answers from the leader's mirror, with the mirror's field. */
const MIRRORED = [
  ['getStatus', 'status'], ['getCallState', 'callState'], ['getCalls', 'calls'], ['isMuted', 'muted'],
  ['isRecordingPaused', 'recordingPaused'], ['getStatusCatalogue', 'catalogue'],
] as const satisfies readonly (readonly [keyof PartnerTelephony, keyof PartnerMirror])[];

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

// The seam's queries answer from the mirror; its commands are relayed to the leader as they
// are: both made once by the constructor, typed by this merged interface.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface RelayedPartner extends Pick<PartnerTelephony, (typeof MIRRORED)[number][0] | PartnerCommand> {}

/** The follower's side of the relay: mirror, commands, events. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RelayedPartner implements PartnerTelephony {
  private mirror: PartnerMirror = EMPTY_MIRROR;
  private syncView: SyncView = EMPTY_VIEW;
  private readonly listeners = new Set<PartnerListener>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private seq = 0;
  private leader: string | null = null;
  private disposed = false;
  /** Whether a mirror has arrived from a leader. */
  synced = false;

  constructor(
    private readonly id: string,
    private readonly channel: BroadcastChannelLike,
    private readonly clock: Clock,
  ) {
    const self = this as unknown as Record<string, unknown>;
    for (const op of PARTNER_COMMANDS) self[op] = (...args: unknown[]): Promise<unknown> => this.call(op, args);
    for (const [query, field] of MIRRORED) self[query] = (): unknown => this.mirror[field];
  }

  /** Handles a relay message meant for followers. */
  receive(message: RelayMessage): void {
    if (message.t === 'event') {
      const state = this.connectionState;
      this.mirror = message.mirror;
      this.syncView = message.view;
      if (this.connectionState !== state) for (const l of [...this.stateListeners]) l(this.connectionState);
      this.synced = true;
      const previous = this.leader;
      this.leader = message.leader;
      if (previous !== null && previous !== message.leader) this.emit({ type: 'resynced', seq: 0, at: this.clock.now() });
      if (message.event !== null) this.emit(message.event);
    } else if (message.t === 'result' && message.to === this.id) {
      const waiting = this.waiting.get(message.seq);
      if (!waiting) return;
      this.waiting.delete(message.seq);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(refusal(message.error?.message ?? 'the leader refused', message.error?.code));
    }
  }

  private emit(event: Parameters<PartnerListener>[0]): void {
    for (const l of [...this.listeners]) l(event);
  }

  /** The leader's connection to its partner; `disconnected` once disposed. */
  get connectionState(): ConnectionState {
    return this.disposed ? 'disconnected' : this.mirror.connection;
  }

  /** What the leader's partner offers. */
  get capabilities(): PartnerCapabilities {
    return this.mirror.capabilities;
  }

  /** Resolves `connected` at once while not disposed: the leader answers through the page's own channel. */
  connect(): Promise<ConnectResult> {
    return this.disposed ? Promise.reject(new PartnerError('relay disposed', 'UNAVAILABLE')) : Promise.resolve({ outcome: 'connected' });
  }

  /** Nothing to log in to: resolves like {@link RelayedPartner.connect}. */
  login(): Promise<ConnectResult> {
    return this.connect();
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Fails what is still waiting and drops every subscriber (`disconnected`). */
  dispose(): void {
    if (this.disposed) return;
    this.abandon('the relay is disposed');
    this.listeners.clear();
    this.disposed = true;
    for (const l of [...this.stateListeners]) l('disconnected');
    this.stateListeners.clear();
  }

  /** The partner's clock, by the offset the leader knows (the tabs share this machine's clock). */
  partnerNow(): number {
    return this.clock.now() + this.mirror.offset;
  }

  /** The leader's sync view, for `STATE` and the status bridge. */
  view(): SyncView {
    return this.syncView;
  }

  /** Sends an operation to the leader and waits for its answer. */
  call<T>(op: string, args: readonly unknown[]): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.waiting.delete(seq)) reject(new PartnerError(`no answer from the leading instance within ${RELAY_TIMEOUT_MS} ms (${op})`, 'TIMEOUT'));
      }, RELAY_TIMEOUT_MS);
      this.waiting.set(seq, {
        resolve: (v) => {
          this.clock.clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          this.clock.clearTimeout(timer);
          reject(e);
        },
      });
      try {
        this.channel.postMessage({ t: 'call', from: this.id, seq, op, args });
      } catch (e) {
        this.waiting.delete(seq);
        this.clock.clearTimeout(timer);
        reject(new PartnerError(`relay channel closed (${op})`, 'UNAVAILABLE'));
        void e;
      }
    });
  }

  /** Fails every command still waiting (this instance takes over, or goes). */
  abandon(reason: string): void {
    for (const [seq, w] of this.waiting) {
      this.waiting.delete(seq);
      w.reject(new PartnerError(reason, 'UNAVAILABLE'));
    }
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The leader's refusal as this instance's error: a partner code stays a {@link PartnerError};
 * any other (the status sync's Salesforce error types) is a {@link ConnectorError}.
 */
function refusal(message: string, code: string | undefined): Error {
  return isPartnerErrorCode(code) ? new PartnerError(message, code) : new ConnectorError(code ?? ErrorType.GENERIC_ERROR, message);
}
