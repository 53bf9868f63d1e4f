/**
 * The partner system for all agents: their durable domains, the ACD, cross-agent calls,
 * the connector's commands and the admin's control commands.
 *
 * @remarks
 * The agent a command acts for is always an argument the caller took from a session
 * (connector) or from the admin URL — never from the command's own fields. After every
 * agent change the switchboard compares the agent's legs before and after, and lets the
 * ACD and the call links react (a queued call answered or missed, a transfer leg
 * answered or ended, a supervised call gone).
 */
import { filterContacts } from '../../src/partner/core/directory';
import { isPartnerStatus, type PartnerStatus } from '../../src/vocabulary/partner-status';
import { PartnerError, type PartnerCall, type PartnerContact } from '../../src/partner/partner-telephony';
import type { Repository, StoredAgent } from '../db/repository';
import type { Logger } from '../log';
import type { AgentView, CommandName } from '../../src/partner/wire/messages';
import { Acd, type LegEnd } from './acd';
import { AgentRuntime, type AgentRecord } from './agent-runtime';
import { CallLinks } from './call-links';
import { createAgentDomain } from './create-agent-domain';

/** What the admin API reports for one agent (CONTRACT §8). */
export interface AdminAgentState extends AgentView {
  readonly partnerStatus: PartnerStatus;
  readonly sessions: number;
  readonly seq: number;
  readonly schedule: readonly { at: number; kind: string; status: string }[];
  readonly supervisors: readonly { callId: string; agentId: string; bargedIn: boolean }[];
}

/** A refused admin request: HTTP status and message. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Options of {@link Switchboard}. */
export interface SwitchboardOptions {
  readonly repo: Repository;
  /** Epoch ms now. */
  readonly now: () => number;
  readonly log: Logger;
  readonly ringTimeoutMs: number;
}

/** All agents of the partner server. */
export class Switchboard {
  private readonly runtimes = new Map<string, AgentRuntime>();
  private readonly directory = new Map<string, StoredAgent>();
  private readonly lastLegs = new Map<string, Map<string, PartnerCall>>();
  readonly acd: Acd;
  readonly links: CallLinks;

  constructor(private readonly options: SwitchboardOptions) {
    const { repo, now, log } = options;
    this.acd = new Acd(repo, () => this.runtimes.values(), log, now);
    for (const agent of repo.agents()) {
      this.directory.set(agent.id, agent);
      const loaded = repo.loadAgent(agent.id);
      const domain = createAgentDomain({ agentId: agent.id, stored: loaded?.state, ringTimeoutMs: options.ringTimeoutMs, now, log });
      const runtime = new AgentRuntime(agent.id, domain, repo, now, { seq: loaded?.seq ?? 0, idleSince: loaded?.state.idleSince ?? 0 }, (e) =>
        log.error('agent observer failed', { agentId: agent.id, error: e instanceof Error ? e.message : String(e) }),
      );
      this.runtimes.set(agent.id, runtime);
      this.lastLegs.set(agent.id, new Map(domain.getCalls().map((c) => [c.id, c])));
      runtime.observe((record) => this.react(runtime, record));
    }
    this.links = new CallLinks(repo, (id) => this.runtimes.get(id), () => this.runtimes.values(), this.acd, log);
    this.links.recover();
    this.acd.recover();
  }

  /** The agent with this id. */
  agent(agentId: string): AgentRuntime | undefined {
    return this.runtimes.get(agentId);
  }

  /** Every agent id. */
  agentIds(): string[] {
    return [...this.runtimes.keys()];
  }

  /** Stops every agent's timers (the database keeps everything). */
  dispose(): void {
    for (const runtime of this.runtimes.values()) runtime.dispose();
  }

  /**
   * Runs a connector command for `agentId` (taken from the session).
   *
   * @throws PartnerError for a command the state or the arguments do not allow.
   */
  execute(agentId: string, name: CommandName, args: Readonly<Record<string, unknown>>): unknown {
    const agent = this.runtimes.get(agentId);
    if (!agent) throw new PartnerError(`no agent ${agentId}`, 'NO_SUCH_AGENT');
    const d = agent.domain;
    switch (name) {
      case 'setStatus':
        return d.setStatus(status(args.status), optionalText(args.reason, 'reason', 200) ?? 'set by the connector');
      case 'endWrapUp':
        return d.endWrapUp();
      case 'logout':
        return d.logout();
      case 'acceptCall':
        return d.acceptCall(text(args.callId, 'callId'));
      case 'declineCall':
        return d.declineCall(text(args.callId, 'callId'));
      case 'hangUp':
        return d.hangUp(optionalText(args.callId, 'callId'));
      case 'dial':
        return d.dial(text(args.phoneNumber, 'phoneNumber'));
      case 'sendDigits':
        return d.sendDigits(text(args.digits, 'digits'));
      case 'hold':
        return d.hold(text(args.callId, 'callId'));
      case 'resume':
        return d.resume(text(args.callId, 'callId'));
      case 'mute':
        return d.setMuted(true);
      case 'unmute':
        return d.setMuted(false);
      case 'addParticipant': {
        const phoneNumber = text(args.phoneNumber, 'phoneNumber');
        const parentCallId = text(args.parentCallId, 'parentCallId');
        if (typeof args.blindTransfer !== 'boolean') throw new PartnerError('blindTransfer must be true or false', 'INVALID_ARGUMENT');
        const target = this.agentByNumber(phoneNumber);
        if (target) return this.links.transfer(agent, target, parentCallId, args.blindTransfer, phoneNumber);
        return d.addParticipant(phoneNumber, parentCallId, args.blindTransfer);
      }
      case 'conference':
        return d.conference();
      case 'swap':
        return d.swap(text(args.holdCallId, 'holdCallId'), text(args.resumeCallId, 'resumeCallId'));
      case 'pauseRecording':
        return d.setRecordingPaused(true);
      case 'resumeRecording':
        return d.setRecordingPaused(false);
      case 'searchContacts':
        return filterContacts(this.contacts(agentId), isObject(args.filter) ? args.filter : {});
      case 'superviseCall':
        return this.links.supervise(agent, text(args.callId, 'callId'));
      case 'bargeIn':
        return d.bargeIn(text(args.callId, 'callId'));
      case 'supervisorDisconnect':
        return d.supervisorDisconnect();
    }
  }

  /**
   * Runs an admin control command (CONTRACT §4's `SET_PARTNER_STATUS`, `SCHEDULE_STATUS`,
   * `INCOMING_CALL`, `REMOTE_ANSWER`, `REMOTE_HANGUP`) for an agent.
   *
   * @throws AdminError 404 for an unknown agent, 400 for a malformed command, 409 for one
   * the agent's state refuses.
   */
  control(agentId: string, body: unknown): unknown {
    const agent = this.runtimes.get(agentId);
    if (!agent) throw new AdminError(404, `no agent ${agentId}`);
    if (!isObject(body)) throw new AdminError(400, 'body must be a JSON object with a type');
    const d = agent.domain;
    try {
      switch (body.type) {
        case 'SET_PARTNER_STATUS':
          d.setPartnerStatus(status(body.status), 'set by the admin');
          return { ok: true };
        case 'SCHEDULE_STATUS': {
          const durationMs = body.durationMs === undefined ? undefined : (body.durationMs as number);
          return { ok: true, scheduled: d.scheduleStatus(status(body.status), body.startInMs as number, durationMs) };
        }
        case 'INCOMING_CALL': {
          const phoneNumber = optionalText(body.phoneNumber, 'phoneNumber', 64);
          const call = d.incomingCall(phoneNumber);
          if (call === null) throw new AdminError(409, `call refused: agent is ${d.getStatus()} and ${d.getCallState()}, expected AVAILABLE and idle`);
          return { ok: true, callId: call.id };
        }
        case 'REMOTE_ANSWER': {
          const call = d.remoteAnswer(optionalText(body.callId, 'callId'));
          if (call === null) throw new AdminError(409, 'nothing ringing to answer');
          return { ok: true, callId: call.id };
        }
        case 'REMOTE_HANGUP': {
          const ended = d.remoteHangup(optionalText(body.callId, 'callId'));
          if (ended.length === 0) throw new AdminError(409, 'no such call to hang up');
          return { ok: true, callIds: ended.map((c) => c.id) };
        }
        default:
          throw new AdminError(400, 'type must be SET_PARTNER_STATUS, SCHEDULE_STATUS, INCOMING_CALL, REMOTE_ANSWER or REMOTE_HANGUP');
      }
    } catch (e) {
      // A refusal of the agent's state (a call, a full schedule) is a conflict; anything else a bad request.
      if (e instanceof PartnerError) throw new AdminError(e.code === 'INVALID_STATE' || e.code === 'SCHEDULE_FULL' ? 409 : 400, e.message);
      throw e;
    }
  }

  /** The admin view of one agent (`sessions`: its live connections). */
  adminState(agentId: string, sessions: number): AdminAgentState {
    const agent = this.runtimes.get(agentId);
    if (!agent) throw new AdminError(404, `no agent ${agentId}`);
    const view = agent.view();
    return {
      ...view,
      partnerStatus: view.status,
      sessions,
      seq: agent.seq,
      schedule: agent.domain.getSchedule(),
      supervisors: view.calls.flatMap((c) => this.links.supervisorsOf(c.id).map((s) => ({ callId: c.id, ...s }))),
    };
  }

  /** The directory an agent sees: the other agents (dial their extension to transfer). */
  private contacts(agentId: string): PartnerContact[] {
    return [...this.directory.values()]
      .filter((a) => a.id !== agentId)
      .map((a) => ({ id: `agent-${a.id}`, type: 'agent' as const, name: a.username, phoneNumber: a.extension, available: this.runtimes.get(a.id)?.canTakeCall() ?? false }));
  }

  private agentByNumber(number: string): AgentRuntime | undefined {
    const digits = number.replace(/[^\d]/g, '');
    const agent = [...this.directory.values()].find((a) => a.extension === digits);
    return agent && this.runtimes.get(agent.id);
  }

  /** Compares the agent's legs before and after a record and lets the ACD and the links react. */
  private react(agent: AgentRuntime, record: AgentRecord): void {
    const before = this.lastLegs.get(agent.agentId) ?? new Map<string, PartnerCall>();
    const after = new Map(record.state.calls.map((c) => [c.id, c]));
    this.lastLegs.set(agent.agentId, after);
    const how: LegEnd = record.event.type === 'callMissed' ? 'missed' : record.event.type === 'remoteHangup' ? 'remote' : 'agent';
    for (const [id, leg] of before) {
      if (after.has(id)) continue;
      this.acd.ended(agent, leg, how);
      this.links.ended(agent, leg, how, (legId) => !after.has(legId));
    }
    for (const [id, leg] of after) {
      if (before.get(id)?.state !== 'ringing' || leg.state !== 'connected') continue;
      this.acd.answered(agent.agentId, leg);
      this.links.answered(agent.agentId, leg);
    }
    const e = record.event;
    if ((e.type === 'statusChanged' && record.state.routable) || (e.type === 'callStateChanged' && e.state === 'idle')) this.acd.route();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string, max = 256): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new PartnerError(`${field} must be a string of 1-${max} characters`, 'INVALID_ARGUMENT');
  return value;
}

function optionalText(value: unknown, field: string, max = 256): string | undefined {
  return value === undefined ? undefined : text(value, field, max);
}

function status(value: unknown): PartnerStatus {
  if (!isPartnerStatus(value)) throw new PartnerError('status must be one of AVAILABLE, BREAK, LUNCH, MEETING, TRAINING, NOT_READY, OFFLINE', 'INVALID_STATUS');
  return value;
}
