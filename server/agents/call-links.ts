/**
 * Calls that span two agents: blind and warm transfers to another agent, and a
 * supervisor listening to (or barged into) another agent's call.
 *
 * @remarks
 * ```
 * warm:  A adds B ── A: customer held, third-party leg tA ringing ── B: leg tB ringing
 *        B answers tB ─▶ tA connected (A and B talk; A may conference)
 *        A hangs up the customer while tA is connected ─▶ transfer complete: B keeps the call
 *        B declines / misses / hangs up tB ─▶ tA ends;  A ends tA, or the customer leaves ─▶ tB ends
 * blind: A transfers to B ── A's call ends (A wraps up) ── B: leg rings with the customer
 *        B does not answer ─▶ the call enters the ACD queue
 * either: B's ring-no-answer sets B NOT_READY, as for a queued call
 * supervise: S listens to A's call (S has a supervisor leg on it); barge-in joins S in;
 *        the call ending ends S's leg
 * ```
 * A link is stored (by B's leg id) until it is resolved, so a restart keeps it.
 */
import { randomUUID } from 'node:crypto';
import { PartnerError, type PartnerCall } from '../../src/partner/partner-telephony';
import type { Repository } from '../db/repository';
import type { Logger } from '../log';
import type { Acd, LegEnd } from './acd';
import type { AgentRuntime } from './agent-runtime';

/** A transfer in progress, from agent A's leg to agent B's. */
export interface TransferLink {
  readonly blind: boolean;
  readonly fromAgent: string;
  /** A's third-party leg (warm only). */
  readonly fromLegId: string | null;
  /** A's customer leg (warm only). */
  readonly customerLegId: string | null;
  readonly toAgent: string;
  readonly toLegId: string;
  readonly phoneNumber: string;
}

/** Transfers and supervision across agents. */
export class CallLinks {
  private readonly links = new Map<string, TransferLink>();

  constructor(
    private readonly repo: Repository,
    private readonly agent: (id: string) => AgentRuntime | undefined,
    private readonly agents: () => Iterable<AgentRuntime>,
    private readonly acd: Acd,
    private readonly log: Logger,
  ) {
    for (const { id, body } of repo.links()) {
      try {
        this.links.set(id, JSON.parse(body) as TransferLink);
      } catch {
        repo.deleteLink(id);
      }
    }
  }

  /** After a restart: links whose legs are both gone are dropped. */
  recover(): void {
    for (const link of [...this.links.values()]) {
      const b = this.agent(link.toAgent)?.domain.getCalls().some((c) => c.id === link.toLegId) ?? false;
      const a = link.fromLegId !== null && (this.agent(link.fromAgent)?.domain.getCalls().some((c) => c.id === link.fromLegId) ?? false);
      if (!a && !b) this.drop(link);
    }
  }

  /** Transfers in progress (for the admin view). */
  list(): TransferLink[] {
    return [...this.links.values()];
  }

  /** Agent `from` adds agent `to` to the customer leg `parentCallId` (blind: hands the call over). */
  transfer(from: AgentRuntime, to: AgentRuntime, parentCallId: string, blind: boolean, extension: string): PartnerCall {
    if (from === to) throw new PartnerError('cannot transfer a call to yourself, expected another agent', 'INVALID_DESTINATION');
    if (!to.canTakeCall()) throw new PartnerError(`agent ${to.agentId} is ${to.domain.getStatus()} and ${to.domain.getCallState()}, expected AVAILABLE and idle`, 'INVALID_DESTINATION');
    const parent = from.domain.getCalls().find((c) => c.id === parentCallId);
    const phoneNumber = parent?.phoneNumber ?? '';
    const leg = from.domain.addParticipant(extension, parentCallId, blind);
    const toLegId = randomUUID();
    const link: TransferLink = blind
      ? { blind, fromAgent: from.agentId, fromLegId: null, customerLegId: null, toAgent: to.agentId, toLegId, phoneNumber }
      : { blind, fromAgent: from.agentId, fromLegId: leg.id, customerLegId: parentCallId, toAgent: to.agentId, toLegId, phoneNumber };
    this.links.set(toLegId, link);
    this.repo.putLink(toLegId, JSON.stringify(link));
    this.log.info(blind ? 'blind transfer to agent' : 'warm transfer to agent', { fromAgent: from.agentId, toAgent: to.agentId, callId: toLegId });
    if (to.domain.incomingCall(phoneNumber, toLegId) === null) {
      this.drop(link);
      if (blind) this.acd.enqueue(phoneNumber);
      else from.domain.remoteHangup(leg.id);
    }
    return leg;
  }

  /** Supervisor `s` starts listening to another agent's live call `callId`. */
  supervise(s: AgentRuntime, callId: string): PartnerCall {
    const owner = [...this.agents()].find((a) => a.domain.getCalls().some((c) => c.id === callId && c.role !== 'supervisor'));
    if (!owner || owner === s) throw new PartnerError(`no call ${callId} of another agent, expected a live call id`, 'NO_SUCH_CALL');
    const leg = s.domain.superviseCall(callId);
    this.log.info('supervisor listening', { supervisor: s.agentId, agentId: owner.agentId, callId });
    return leg;
  }

  /** Who supervises `callId` (for the admin view). */
  supervisorsOf(callId: string): { agentId: string; bargedIn: boolean }[] {
    const found: { agentId: string; bargedIn: boolean }[] = [];
    for (const a of this.agents()) {
      const supervising = a.domain.supervising(callId);
      if (supervising) found.push({ agentId: a.agentId, bargedIn: supervising.bargedIn });
    }
    return found;
  }

  /** An agent's leg was answered (ringing → connected). */
  answered(agentId: string, leg: PartnerCall): void {
    const link = this.links.get(leg.id);
    if (!link || link.toAgent !== agentId) return;
    if (link.blind) {
      this.drop(link);
      return;
    }
    if (link.fromLegId !== null) this.agent(link.fromAgent)?.domain.remoteAnswer(link.fromLegId);
  }

  /** An agent's leg ended; `gone` are the agent's live leg ids after it. */
  ended(agent: AgentRuntime, leg: PartnerCall, how: LegEnd, gone: (id: string) => boolean): void {
    const asTarget = this.links.get(leg.id);
    if (asTarget && asTarget.toAgent === agent.agentId) {
      this.drop(asTarget);
      // Ring-no-answer on a transfer is treated as on a queued call: the agent is not ready.
      if (how === 'missed') agent.domain.setPartnerStatus('NOT_READY', 'ring-no-answer');
      if (asTarget.blind) {
        if (leg.state === 'ringing' && how !== 'remote') this.acd.enqueue(asTarget.phoneNumber);
      } else if (asTarget.fromLegId !== null) {
        this.agent(asTarget.fromAgent)?.domain.remoteHangup(asTarget.fromLegId);
      }
    }
    for (const link of [...this.links.values()]) {
      if (link.fromAgent !== agent.agentId || link.fromLegId !== leg.id) continue;
      this.drop(link);
      const completed = how === 'agent' && leg.state === 'connected' && link.customerLegId !== null && gone(link.customerLegId);
      if (completed) this.log.info('warm transfer completed', { fromAgent: link.fromAgent, toAgent: link.toAgent, callId: link.toLegId });
      else this.agent(link.toAgent)?.domain.remoteHangup(link.toLegId);
    }
    if (leg.role !== 'supervisor') {
      for (const s of this.agents()) {
        if (s.domain.supervising(leg.id)) s.domain.supervisorDisconnect();
      }
    }
  }

  private drop(link: TransferLink): void {
    this.links.delete(link.toLegId);
    this.repo.deleteLink(link.toLegId);
  }
}
