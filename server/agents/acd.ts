/**
 * The ACD: customer calls wait in a queue and ring for the routable idle agent who has
 * been idle longest.
 *
 * @remarks
 * A queued call keeps its id while it rings for an agent (the agent's leg has the
 * queue entry's id). It leaves the queue when an agent answers or the caller hangs up.
 * Ring-no-answer (the agent's ring timeout) and a decline put it back, waiting; after
 * ring-no-answer the agent is also set `NOT_READY` by the partner (a partner-side
 * change the connector publishes to Omni). While nobody is routable, calls wait; every
 * change that may make an agent routable and idle routes again. The queue lives in the
 * database, so it survives a restart.
 */
import { randomUUID } from 'node:crypto';
import type { PartnerCall } from '../../src/partner/partner-telephony';
import type { QueuedCall, Repository } from '../db/repository';
import type { Logger } from '../log';
import type { AgentRuntime } from './agent-runtime';

/** How a leg ended, as the switchboard tells it. */
export type LegEnd = 'missed' | 'remote' | 'agent';

/** Most calls the queue holds; more are refused (the admin API answers 409). */
export const MAX_QUEUED_CALLS = 10_000;

/** The fictional caller of a queued call without a number. */
export const DEFAULT_QUEUE_CALLER = '+15555550199';

/** The ACD queue over the agents. */
export class Acd {
  private routing = false;
  private routeAgain = false;

  constructor(
    private readonly repo: Repository,
    private readonly agents: () => Iterable<AgentRuntime>,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** A customer call enters the queue; it rings at once if an agent is free. */
  enqueue(phoneNumber: string = DEFAULT_QUEUE_CALLER): QueuedCall | null {
    if (this.repo.queueLength() >= MAX_QUEUED_CALLS) return null;
    const id = randomUUID();
    this.repo.enqueue(id, phoneNumber, this.now());
    this.log.info('call queued', { callId: id });
    this.route();
    return this.repo.queue().find((q) => q.id === id) ?? { id, phoneNumber, enqueuedAt: this.now(), offeredTo: null, attempts: 0 };
  }

  /** The queue, oldest first. */
  list(): QueuedCall[] {
    return this.repo.queue();
  }

  /** After a restart: offers whose ringing leg is gone wait again; then route. */
  recover(): void {
    const byId = new Map([...this.agents()].map((a) => [a.agentId, a]));
    for (const q of this.repo.queue()) {
      if (q.offeredTo === null) continue;
      const agent = byId.get(q.offeredTo);
      if (!agent?.domain.getCalls().some((c) => c.id === q.id)) this.repo.offer(q.id, null);
    }
    this.route();
  }

  /** Offers every waiting call, oldest first, to the longest-idle free agent. */
  route(): void {
    if (this.routing) {
      this.routeAgain = true;
      return;
    }
    this.routing = true;
    try {
      do {
        this.routeAgain = false;
        for (const q of this.repo.queue()) {
          if (q.offeredTo !== null) continue;
          const agent = this.longestIdle();
          if (!agent) break;
          // Recorded before it rings, so the agent's reaction to its own ring sees the offer.
          this.repo.offer(q.id, agent.agentId);
          if (agent.domain.incomingCall(q.phoneNumber, q.id) === null) this.repo.offer(q.id, null);
          else this.log.info('queued call offered', { callId: q.id, agentId: agent.agentId });
        }
      } while (this.routeAgain);
    } finally {
      this.routing = false;
    }
  }

  /** An agent answered a leg: a queued call leaves the queue. */
  answered(agentId: string, leg: PartnerCall): void {
    const q = this.offerOf(agentId, leg.id);
    if (!q) return;
    this.repo.dequeue(q.id);
    this.log.info('queued call answered', { callId: q.id, agentId });
  }

  /** An agent's leg ended: a queued call goes back to the queue (or away, if the caller hung up). */
  ended(agent: AgentRuntime, leg: PartnerCall, how: LegEnd): void {
    const q = this.offerOf(agent.agentId, leg.id);
    if (!q) return;
    if (leg.state !== 'ringing' || how === 'remote') {
      this.repo.dequeue(q.id);
      this.log.info('queued call left the queue', { callId: q.id, reason: how === 'remote' ? 'caller hung up' : 'call ended' });
      return;
    }
    this.repo.offer(q.id, null);
    if (how === 'missed') {
      this.log.info('ring-no-answer: call back in the queue, agent NOT_READY', { callId: q.id, agentId: agent.agentId });
      agent.domain.setPartnerStatus('NOT_READY', 'ring-no-answer');
    } else {
      this.log.info('queued call declined: back in the queue', { callId: q.id, agentId: agent.agentId });
    }
    this.route();
  }

  private offerOf(agentId: string, callId: string): QueuedCall | undefined {
    return this.repo.queue().find((q) => q.id === callId && q.offeredTo === agentId);
  }

  private longestIdle(): AgentRuntime | undefined {
    let best: AgentRuntime | undefined;
    for (const agent of this.agents()) {
      if (!agent.canTakeCall()) continue;
      if (!best || agent.idleSince < best.idleSince || (agent.idleSince === best.idleSince && agent.agentId < best.agentId)) best = agent;
    }
    return best;
  }
}
