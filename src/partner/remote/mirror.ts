/**
 * The local mirror of the agent on the partner server: its last known state, rebuilt from
 * the server's `event` and `snapshot` frames, and the seam's events it announces.
 *
 * @remarks
 * Each `event` frame carries the agent's whole state after it, so applying the frames
 * in `seq` order, each once, keeps the mirror equal to the server. A frame whose `seq`
 * is not above the last applied one (a duplicate, a replay overlap) is ignored. A frame
 * beyond the next `seq` means the server could not replay everything: its state
 * replaces the mirror and `resynced` is announced (consumers re-read the mirror).
 *
 * The seam's `seq` must never go backwards, also when the server's does (its database
 * was reset): the mirror then shifts the numbers it announces so they keep rising.
 */
import type { CallState } from '../../vocabulary/call-state';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import type { PartnerCall, PartnerChange, PartnerEvent } from '../partner-telephony';
import type { AgentView } from '../wire/messages';

/** What {@link Mirror.applyEvent} did with a frame. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'gap';

const EMPTY: AgentView = { status: 'OFFLINE', routable: false, callState: 'idle', calls: [], muted: false, recordingPaused: false };

/** The agent as this side knows it. */
export class Mirror {
  private view: AgentView = EMPTY;
  private seq: number | null = null;
  /** Added to the server's `seq` for the seam's: keeps the announced numbers rising across a server reset. */
  private shift = 0;
  private lastAnnounced = 0;
  private waiters: { readonly seq: number; readonly resolve: () => void; readonly reject: (e: Error) => void }[] = [];

  constructor(private readonly announce: (event: PartnerEvent) => void) {}

  /** The server's `seq` of the last applied frame (`null` before the first): what `hello` asks to resume from. */
  get lastSeq(): number | null {
    return this.seq;
  }

  /** The state as last known. */
  get state(): AgentView {
    return this.view;
  }

  get status(): PartnerStatus {
    return this.view.status;
  }

  get callState(): CallState {
    return this.view.callState;
  }

  /** Live legs (not ended). */
  get calls(): readonly PartnerCall[] {
    return this.view.calls.filter((c) => c.state !== 'ended');
  }

  /**
   * Applies one `event` frame; announces its change (a `changed` notice changes the state
   * only). After a gap (the server could not replay everything) the frame's state still
   * is the whole agent: it replaces the mirror and `resynced` is announced instead.
   */
  applyEvent(seq: number, at: number, change: PartnerChange | { readonly type: 'changed' }, state: AgentView): ApplyOutcome {
    if (this.seq !== null && seq <= this.seq) return 'duplicate';
    if (this.seq !== null && seq > this.seq + 1) {
      this.replace(seq, at, state);
      return 'gap';
    }
    this.view = state;
    this.seq = seq;
    if (change.type !== 'changed') this.emit({ ...change, seq: seq + this.shift, at });
    this.wake(seq);
    return 'applied';
  }

  /**
   * Replaces the state with a `snapshot`; announces `resynced` when the mirror had a state
   * before (on a first fill there is nothing to re-read).
   */
  replace(seq: number, at: number, state: AgentView): void {
    const hadState = this.seq !== null;
    this.view = state;
    this.seq = seq;
    if (hadState) {
      if (seq + this.shift <= this.lastAnnounced) this.shift = this.lastAnnounced - seq + 1;
      this.emit({ type: 'resynced', seq: seq + this.shift, at });
    }
    this.wake(seq);
  }

  /** Resolves once the mirror has applied the server's `seq` (a command's effect is in it). */
  reached(seq: number): Promise<void> {
    if (this.seq !== null && this.seq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Rejects everything waiting in {@link Mirror.reached} (the connection dropped). */
  failWaiters(error: Error): void {
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((w) => w.reject(error));
  }

  /** Resolves the waits that `seq` reached; keeps the others, and only them. */
  private wake(seq: number): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.seq <= seq) w.resolve();
      else this.waiters.push(w);
    }
  }

  private emit(event: PartnerEvent): void {
    this.lastAnnounced = event.seq;
    this.announce(event);
  }
}
