/**
 * One agent on the server: its partner domain, made durable and observable.
 *
 * @remarks
 * Every change the domain announces is buffered until the domain's closing
 * `changed` notice, then written in ONE transaction — the
 * agent's state and the new events with their sequence numbers — and only then handed
 * to observers (the agent's live connections, the switchboard). So nothing is ever
 * sent that a `kill -9` could take back, and the log and the state never disagree.
 * Observers are told in sequence order even when one of them changes the agent while
 * being told (the notices queue up).
 */
import { isRoutable } from '../../src/vocabulary/partner-status';
import type { AgentNotice } from '../../src/partner/core/agent';
import type { Repository } from '../db/repository';
import type { AgentView } from '../../src/partner/wire/messages';
import type { AgentDomain } from './agent-domain';

/** A logged change of an agent: what happened and the agent right after it. */
export interface AgentRecord {
  readonly agentId: string;
  readonly seq: number;
  readonly at: number;
  readonly event: AgentNotice;
  readonly state: AgentView;
}

/** Told about each record, in sequence order. */
export type RecordListener = (record: AgentRecord) => void;

/** The view of a domain's current state. */
export function viewOf(domain: AgentDomain): AgentView {
  const status = domain.getStatus();
  return {
    status,
    routable: isRoutable(status),
    callState: domain.getCallState(),
    calls: domain.getCalls(),
    muted: domain.isMuted(),
    recordingPaused: domain.isRecordingPaused(),
  };
}

/** One durable, observable agent. */
export class AgentRuntime {
  private seqValue: number;
  private idleSinceValue: number;
  private readonly buffer: { event: AgentNotice; state: AgentView; at: number }[] = [];
  private readonly listeners = new Set<RecordListener>();
  private readonly notices: AgentRecord[] = [];
  private notifying = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly agentId: string,
    readonly domain: AgentDomain,
    private readonly repo: Repository,
    private readonly now: () => number,
    stored: { seq: number; idleSince: number },
    private readonly onListenerError: (error: unknown) => void,
  ) {
    this.seqValue = stored.seq;
    this.idleSinceValue = stored.idleSince;
    this.unsubscribe = domain.subscribe((event) => this.onDomainEvent(event));
  }

  /** The last sequence number written. */
  get seq(): number {
    return this.seqValue;
  }

  /** Since when the agent has been idle and routable (epoch ms); the ACD prefers the smallest. */
  get idleSince(): number {
    return this.idleSinceValue;
  }

  /** The agent now. */
  view(): AgentView {
    return viewOf(this.domain);
  }

  /** Whether the ACD may offer this agent a call now. */
  canTakeCall(): boolean {
    return isRoutable(this.domain.getStatus()) && this.domain.getCallState() === 'idle';
  }

  /** Subscribes to the agent's records; returns the unsubscribe function. */
  observe(listener: RecordListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the domain's timers; the database keeps everything. */
  dispose(): void {
    this.unsubscribe();
    this.domain.dispose();
    this.listeners.clear();
  }

  private onDomainEvent(event: AgentNotice): void {
    const at = this.now();
    if (event.type === 'callStateChanged' && event.state === 'idle') this.idleSinceValue = at;
    if (event.type === 'statusChanged' && isRoutable(event.status)) this.idleSinceValue = at;
    this.buffer.push({ event, state: viewOf(this.domain), at });
    if (event.type === 'changed') this.flush();
  }

  private flush(): void {
    const pending = this.buffer.splice(0);
    if (pending.length === 0) return;
    const first = this.seqValue + 1;
    this.seqValue = this.repo.saveAgent(
      this.agentId,
      { ...this.domain.stored(), idleSince: this.idleSinceValue },
      this.seqValue,
      pending.map((p) => ({ at: p.at, body: JSON.stringify({ event: p.event, state: p.state }) })),
    );
    pending.forEach((p, i) => this.notices.push({ agentId: this.agentId, seq: first + i, at: p.at, event: p.event, state: p.state }));
    this.drain();
  }

  private drain(): void {
    if (this.notifying) return;
    this.notifying = true;
    try {
      for (let record = this.notices.shift(); record; record = this.notices.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(record);
          } catch (e) {
            this.onListenerError(e);
          }
        }
      }
    } finally {
      this.notifying = false;
    }
  }
}
