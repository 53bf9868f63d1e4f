/**
 * Leader election among the connector instances of one browser partition (CONTRACT §6),
 * over a `BroadcastChannel` alone.
 *
 * @remarks
 * Why not the Web Locks API or a SharedWorker: in Debian's Chromium, a cross-site iframe
 * whose third-party storage is blocked (the default there) gets `SecurityError: The
 * request was denied` from `navigator.locks.request`, just as `localStorage` throws; a
 * SharedWorker would need a second script file or a `blob:`/`data:` URL, which the one
 * bundle and a strict CSP rule out. `BroadcastChannel` works in that frame (partitioned:
 * the pages of one top-level site and profile share it), so leadership is a lease kept
 * alive by heartbeats on it. See the README's architecture section for the measurements.
 *
 * ```
 *                        a heartbeat, or a better claim for the same epoch
 *  (start) ─▶ candidate ──────────────────────────────────────────────────▶ follower
 *                │ CLAIM_MS, no better claim                                  │  ▲
 *                ▼                                                            │  │ a heartbeat of a
 *              leader ◀── resign, or no heartbeat for LEASE_MS: claims ───────┘  │ better leader
 *                └───────────────────────────────────────────────────────────────┘
 * ```
 *
 * A new instance claims at once: a leader answers every claim with a heartbeat, which
 * makes the newcomer follow, so a lone tab leads after {@link CLAIM_MS} and a tab that
 * joins follows as soon as the leader answers. A new leader announces itself with one
 * heartbeat. A leader that leaves posts `resign` (on `pagehide`, which Chromium fires when
 * a tab closes or reloads), so takeover takes about {@link CLAIM_MS}: that is the
 * contract's "within 2 s of the close".
 *
 * A new instance holds none of the agent's state (with storage blocked, each frame has only
 * its memory); the followers hold the leader's. So a newcomer must never lead while they
 * are there: a candidate answers a weaker claim with its own (the newcomer may have started
 * after the first went out), and a follower answers a claim no newer than its leader's term
 * with `hello`, which makes a newcomer wait a lease for that leader or for the followers'
 * takeover (a leader that reloaded or crashed the moment before).
 *
 * The heartbeat finds a leader that vanished without a word (a crashed renderer) within
 * {@link LEASE_MS} + {@link CLAIM_MS}, also under 2 s. Only followers need it, so a
 * leader beats only while it knows one: a follower says `hello` to each leader it comes to
 * know and `bye` when it leaves; one that crashes stays counted (a few wasted beats). A
 * lone idle tab therefore sets no timer at all. Two leaders at once (only possible if
 * messages cross) settle on the higher epoch, then the lower id; the loser is told through
 * `onRole` and becomes a follower.
 */
import type { Clock, TimerHandle } from '../../platform/clock';
import { isRecord } from '../../vocabulary/guards';
import type { BroadcastChannelLike, ChannelMessageEvent } from '../control-channel';

/** Name of the channel the instances elect their leader on. */
export const ELECTION_CHANNEL_NAME = 'scv-connector-instances';
/**
 * A leader's heartbeat period while it has followers. Short enough that a hidden tab's
 * timers, which Chromium runs at most once a second, still beat well within the lease.
 */
export const HEARTBEAT_MS = 500;
/**
 * A follower takes the leader for gone after this long without a heartbeat: beats up to
 * 700 ms late keep it, and a crash is found well within 2 s - CLAIM_MS (margin for a busy machine).
 */
export const LEASE_MS = 1_200;
/** How long a claim stands before the candidate leads. */
export const CLAIM_MS = 150;

/** What an instance is in the election. */
export type Role = 'undecided' | 'candidate' | 'follower' | 'leader';

const KINDS = ['heartbeat', 'claim', 'resign', 'hello', 'bye'] as const;

/** The election messages on the channel (`hello`, `bye`: a follower joins a leader, leaves). */
export interface ElectionMessage {
  readonly t: (typeof KINDS)[number];
  readonly from: string;
  readonly epoch: number;
}

const isKind = (t: unknown): t is ElectionMessage['t'] => (KINDS as readonly unknown[]).includes(t);

/** Options of {@link Election}. */
export interface ElectionOptions {
  /** This instance's id; ids are compared as strings to break ties. */
  readonly id: string;
  readonly clock: Clock;
  readonly channel: BroadcastChannelLike;
  /** Told of every role change, with the leader's id when known. */
  readonly onRole: (role: Role, leaderId: string | null) => void;
}

/** Parses one election message; anything else is `null` (not ours, or garbage). */
export function parseElectionMessage(data: unknown): ElectionMessage | null {
  if (!isRecord(data) || typeof data.from !== 'string' || data.from.length === 0 || data.from.length > 100) return null;
  if (isKind(data.t) && typeof data.epoch === 'number' && Number.isSafeInteger(data.epoch)) {
    return { t: data.t, from: data.from, epoch: data.epoch };
  }
  return null;
}

/** One instance's side of the leader election. See the file comment for the protocol. */
export class Election {
  private role: Role = 'undecided';
  private leaderId: string | null = null;
  private epoch = 0;
  /** The term of the leader this instance last followed or led; 0: none yet (a newcomer). */
  private term0 = 0;
  /** Its one timer: the claim, the lease or the next heartbeat, by role. */
  private timer: TimerHandle | null = null;
  /** While leading: the followers that said hello and not bye. */
  private readonly followers = new Set<string>();
  private closed = false;
  private readonly listener = (event: ChannelMessageEvent): void => this.onMessage(event.data);

  constructor(private readonly options: ElectionOptions) {
    options.channel.addEventListener('message', this.listener);
    this.claim();
  }

  /** This instance's current role. */
  get current(): Role {
    return this.role;
  }

  /** The leader's id, when known (this instance's own id while it leads). */
  get leader(): string | null {
    return this.leaderId;
  }

  /** The leadership term: increases with every takeover. */
  get term(): number {
    return this.epoch;
  }

  /** Leaves the election: a leader resigns, so a follower takes over at once; a follower says bye. */
  close(): void {
    if (this.closed) return;
    this.post({ t: this.role === 'leader' ? 'resign' : 'bye', from: this.options.id, epoch: this.epoch });
    this.closed = true;
    this.disarm();
    this.options.channel.removeEventListener('message', this.listener);
  }

  private onMessage(data: unknown): void {
    const message = parseElectionMessage(data);
    if (this.closed || message === null || message.from === this.options.id) return;
    switch (message.t) {
      case 'heartbeat':
        this.onHeartbeat(message.from, message.epoch);
        return;
      case 'claim':
        this.onClaim(message.from, message.epoch);
        return;
      case 'resign':
        if (message.from === this.leaderId && this.role === 'follower') this.claim();
        return;
      case 'hello':
        if (this.role === 'leader') {
          this.followers.add(message.from);
          if (this.timer === null) this.heartbeat();
        } else if (this.role === 'candidate' && this.term0 === 0 && message.epoch > 0) {
          this.yieldTo(message.epoch); // a newcomer: the followers know the agent's state
        }
        return;
      case 'bye':
        this.followers.delete(message.from);
        if (this.followers.size === 0 && this.role === 'leader') this.disarm();
        return;
    }
  }

  private onHeartbeat(from: string, epoch: number): void {
    if (this.role === 'leader' && !beats(epoch, from, this.epoch, this.options.id)) {
      this.heartbeat(); // the other one steps down when it hears us
      return;
    }
    this.epoch = Math.max(this.epoch, epoch);
    this.follow(from);
  }

  private onClaim(from: string, epoch: number): void {
    if (this.role === 'leader') {
      this.heartbeat();
    } else if (this.role === 'candidate') {
      if (beats(epoch, from, this.epoch, this.options.id)) this.yieldTo(epoch);
      // A claimer that started after our claim went out never heard it: tell it again.
      else this.post({ t: 'claim', from: this.options.id, epoch: this.epoch });
    } else if (epoch <= this.term0) {
      // A newcomer (or a stale claim) while this follower's leader may still be alive or
      // be replaced from what the followers hold: it must not lead with nothing.
      this.post({ t: 'hello', from: this.options.id, epoch: this.term0 });
    } else {
      this.yieldTo(epoch);
    }
  }

  /** Someone better is taking over: follow whoever announces itself, or claim after a lease. */
  private yieldTo(epoch: number): void {
    this.epoch = Math.max(this.epoch, epoch);
    if (this.role !== 'follower') this.setRole('follower', null);
    this.arm(LEASE_MS, () => this.claim());
  }

  private follow(leaderId: string): void {
    this.term0 = this.epoch;
    if (this.role !== 'follower' || this.leaderId !== leaderId) {
      this.setRole('follower', leaderId);
      this.post({ t: 'hello', from: this.options.id, epoch: this.epoch });
    }
    this.arm(LEASE_MS, () => this.claim());
  }

  private claim(): void {
    this.epoch += 1;
    this.setRole('candidate', null);
    this.post({ t: 'claim', from: this.options.id, epoch: this.epoch });
    this.arm(CLAIM_MS, () => this.lead());
  }

  private lead(): void {
    this.term0 = this.epoch;
    this.followers.clear(); // whoever follows now says hello on hearing the announcement
    this.setRole('leader', this.options.id);
    this.heartbeat();
  }

  /** Beats now, and again after HEARTBEAT_MS only while a follower needs it. */
  private heartbeat(): void {
    this.post({ t: 'heartbeat', from: this.options.id, epoch: this.epoch });
    if (this.followers.size > 0) this.arm(HEARTBEAT_MS, () => this.heartbeat());
    else this.disarm();
  }

  private setRole(role: Role, leaderId: string | null): void {
    this.role = role;
    this.leaderId = leaderId;
    this.options.onRole(role, leaderId);
  }

  private post(message: ElectionMessage): void {
    try {
      this.options.channel.postMessage(message);
    } catch {
      // A closed channel (the page is going): nothing left to tell.
    }
  }

  private arm(ms: number, fn: () => void): void {
    this.disarm();
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      if (!this.closed) fn();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Whether leader `(epoch, id)` outranks `(otherEpoch, otherId)`: higher epoch, then lower id. */
function beats(epoch: number, id: string, otherEpoch: number, otherId: string): boolean {
  return epoch !== otherEpoch ? epoch > otherEpoch : id < otherId;
}
