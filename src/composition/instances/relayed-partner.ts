/**
 * A follower instance's {@link PartnerTelephony}: a mirror of the leader's one partner,
 * whose commands travel to the leader over the relay channel.
 *
 * @remarks
 * Queries answer from the mirror the leader sends with every event. Commands resolve with
 * the leader's answer, or reject with the leader's {@link PartnerError} (a refusal of the
 * status sync comes back as the leader's {@link ConnectorError}), or with `TIMEOUT` after
 * {@link RELAY_TIMEOUT_MS} (a leader that left mid-command; the command may or may not
 * have happened, and the next event says which), or `UNAVAILABLE` when the relay channel
 * is closed or this instance stops waiting (it takes over, or the page goes).
 *
 * The relay is the page's own channel, so there is nothing to connect or log in to: it is
 * `connected` from construction until {@link RelayedPartner.dispose}. A new leader's
 * partner numbers its events from its own saved state, so a change of leader is announced
 * to subscribers as one `resynced` (their new baseline) before its first event.
 */
import { ConnectorError, ErrorType } from '../../connector/errors';
import { STATUS_CATALOGUE } from '../../partner/core/status-catalogue';
import {
  PartnerError,
  type ConnectionState,
  type ConnectResult,
  type ContactFilter,
  type PartnerCall,
  type PartnerCapabilities,
  type PartnerContact,
  type PartnerListener,
  type PartnerTelephony,
} from '../../partner/partner-telephony';
import type { Clock } from '../../platform/clock';
import type { SyncView } from '../../status-sync/types';
import type { CallState } from '../../vocabulary/call-state';
import { isPartnerErrorCode } from '../../vocabulary/partner-errors';
import type { PartnerStatus, PartnerStatusInfo } from '../../vocabulary/partner-status';
import type { BroadcastChannelLike } from '../control-channel';
import type { PartnerMirror, RelayMessage } from './relay-protocol';

/** A relayed command without an answer for this long fails. */
export const RELAY_TIMEOUT_MS = 5_000;

const EMPTY_MIRROR: PartnerMirror = { status: 'OFFLINE', callState: 'idle', calls: [], muted: false, recordingPaused: false };
const EMPTY_VIEW: SyncView = { salesforceStatusId: null, pending: null, syncLog: [] };

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The follower's side of the relay: mirror, commands, events. */
export class RelayedPartner implements PartnerTelephony {
  private mirror: PartnerMirror = EMPTY_MIRROR;
  private syncView: SyncView = EMPTY_VIEW;
  private readonly listeners = new Set<PartnerListener>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private seq = 0;
  private leader: string | null = null;
  private state: ConnectionState = 'connected';
  /** Whether a mirror has arrived from a leader. */
  synced = false;
  /** The leader's partner is the embedded simulator: no recordings. */
  readonly capabilities: PartnerCapabilities = Object.freeze({ recordings: false });

  constructor(
    private readonly id: string,
    private readonly channel: BroadcastChannelLike,
    private readonly clock: Clock,
  ) {}

  /** Handles a relay message meant for followers. */
  receive(message: RelayMessage): void {
    if (message.t === 'event') {
      this.mirror = message.mirror;
      this.syncView = message.view;
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

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Resolves `connected` at once while not disposed: the leader answers through the page's own channel. */
  connect(): Promise<ConnectResult> {
    return this.state === 'connected' ? Promise.resolve({ outcome: 'connected' }) : Promise.reject(new PartnerError('relay disposed', 'UNAVAILABLE'));
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
    if (this.state === 'disconnected') return;
    this.abandon('the relay is disposed');
    this.listeners.clear();
    this.state = 'disconnected';
    for (const l of [...this.stateListeners]) l('disconnected');
    this.stateListeners.clear();
  }

  /** The simulator's catalogue (the partner every leader runs). */
  getStatusCatalogue(): readonly PartnerStatusInfo[] {
    return STATUS_CATALOGUE;
  }

  /** The leader runs the simulator on the same machine's clock. */
  partnerNow(): number {
    return this.clock.now();
  }

  /** The mirrored state (what a takeover starts from, with the store mirror). */
  current(): PartnerMirror {
    return this.mirror;
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

  getStatus(): PartnerStatus {
    return this.mirror.status;
  }
  getCallState(): CallState {
    return this.mirror.callState;
  }
  getCalls(): readonly PartnerCall[] {
    return this.mirror.calls;
  }
  isMuted(): boolean {
    return this.mirror.muted;
  }
  isRecordingPaused(): boolean {
    return this.mirror.recordingPaused;
  }
  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setStatus(status: PartnerStatus, reason: string): Promise<void> {
    return this.call('setStatus', [status, reason]);
  }
  endWrapUp(): Promise<void> {
    return this.call('endWrapUp', []);
  }
  logout(): Promise<void> {
    return this.call('logout', []);
  }
  acceptCall(callId: string): Promise<PartnerCall> {
    return this.call('acceptCall', [callId]);
  }
  declineCall(callId: string): Promise<PartnerCall> {
    return this.call('declineCall', [callId]);
  }
  hangUp(callId?: string): Promise<readonly PartnerCall[]> {
    return this.call('hangUp', callId === undefined ? [] : [callId]);
  }
  dial(phoneNumber: string): Promise<PartnerCall> {
    return this.call('dial', [phoneNumber]);
  }
  sendDigits(digits: string): Promise<void> {
    return this.call('sendDigits', [digits]);
  }
  hold(callId: string): Promise<PartnerCall> {
    return this.call('hold', [callId]);
  }
  resume(callId: string): Promise<PartnerCall> {
    return this.call('resume', [callId]);
  }
  mute(): Promise<void> {
    return this.call('mute', []);
  }
  unmute(): Promise<void> {
    return this.call('unmute', []);
  }
  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): Promise<PartnerCall> {
    return this.call('addParticipant', [phoneNumber, parentCallId, blindTransfer]);
  }
  conference(): Promise<readonly PartnerCall[]> {
    return this.call('conference', []);
  }
  swap(holdCallId: string, resumeCallId: string): Promise<readonly PartnerCall[]> {
    return this.call('swap', [holdCallId, resumeCallId]);
  }
  pauseRecording(): Promise<void> {
    return this.call('pauseRecording', []);
  }
  resumeRecording(): Promise<void> {
    return this.call('resumeRecording', []);
  }
  searchContacts(filter: ContactFilter): Promise<readonly PartnerContact[]> {
    return this.call('searchContacts', [filter]);
  }
  superviseCall(callId: string): Promise<PartnerCall> {
    return this.call('superviseCall', [callId]);
  }
  bargeIn(callId: string): Promise<PartnerCall> {
    return this.call('bargeIn', [callId]);
  }
  supervisorDisconnect(): Promise<readonly PartnerCall[]> {
    return this.call('supervisorDisconnect', []);
  }
}

/**
 * The leader's refusal as this instance's error: a partner code stays a {@link PartnerError};
 * any other (the status sync's Salesforce error types) is a {@link ConnectorError}.
 */
function refusal(message: string, code: string | undefined): Error {
  return isPartnerErrorCode(code) ? new PartnerError(message, code) : new ConnectorError(code ?? ErrorType.GENERIC_ERROR, message);
}
