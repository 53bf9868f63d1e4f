/**
 * Makes an agent's {@link AgentDomain} from `src/partner/core/`'s `PartnerAgent`.
 *
 * @remarks
 * The only file of the server that knows the partner core. It adds what the core leaves
 * to its owner, as the embedded simulator's browser shell does: one timer armed for the
 * core's `nextDueAt()` (ring timeouts, scheduled changes) that calls `fireDue()`,
 * subscribers, and the server's masked log. The state goes to SQLite as the core's
 * snapshot, split into the agent's tables (`../db/repository.ts`) and validated by the
 * core's own `parseSnapshot` when it comes back.
 */
import { randomUUID } from 'node:crypto';
import { PartnerAgent } from '../../src/partner/core/agent';
import { parseSnapshot, SNAPSHOT_VERSION, type Snapshot } from '../../src/partner/core/snapshot';
import type { AgentNotice } from '../../src/partner/core/agent';
import type { StoredAgentState } from '../db/repository';
import type { Logger, LogValue } from '../log';
import type { AgentDomain } from './agent-domain';

/** What a domain is made from. */
export interface AgentDomainOptions {
  readonly agentId: string;
  /** The stored state, or `undefined` for a fresh agent (`OFFLINE`, idle). */
  readonly stored: StoredAgentState | undefined;
  readonly ringTimeoutMs: number;
  readonly now: () => number;
  readonly log: Logger;
}

/** The stored rows as the core's snapshot text (for its validating reader). */
function snapshotText(state: StoredAgentState): string {
  return JSON.stringify({
    version: SNAPSHOT_VERSION,
    status: state.status,
    callState: state.callState,
    muted: state.muted,
    recordingPaused: state.recordingPaused,
    dtmfCount: state.dtmfCount,
    calls: state.calls,
    schedule: state.schedule,
    nextSeq: state.nextScheduleSeq,
  });
}

function fromSnapshot(s: Snapshot): Omit<StoredAgentState, 'idleSince'> {
  return {
    status: s.status,
    callState: s.callState,
    muted: s.muted,
    recordingPaused: s.recordingPaused,
    dtmfCount: s.dtmfCount,
    nextScheduleSeq: s.nextSeq,
    calls: s.calls,
    schedule: s.schedule,
  };
}

/** The agent's domain, restored from `stored` (an invalid stored state is logged and replaced by a fresh agent). */
export function createAgentDomain(options: AgentDomainOptions): AgentDomain {
  const { agentId, log } = options;
  const listeners = new Set<(event: AgentNotice) => void>();
  let timer: NodeJS.Timeout | null = null;
  let timerDue: number | null = null;
  let disposed = false;
  let fixedId: string | undefined;

  let snapshot: Snapshot | undefined;
  if (options.stored) {
    const parsed = parseSnapshot(snapshotText(options.stored));
    if (typeof parsed === 'string') log.warn('stored agent state discarded; starting fresh', { agentId, reason: parsed });
    else snapshot = parsed;
  }

  const rearm = (): void => {
    if (disposed) return;
    const due = agent.nextDueAt();
    if (due === timerDue) return;
    if (timer) clearTimeout(timer);
    timer = null;
    timerDue = due;
    if (due === null) return;
    timer = setTimeout(
      () => {
        timer = null;
        timerDue = null;
        agent.fireDue();
        rearm();
      },
      Math.max(0, due - options.now()),
    );
  };

  const agent: PartnerAgent = new PartnerAgent({
    now: options.now,
    newCallId: () => {
      const id = fixedId ?? randomUUID();
      fixedId = undefined;
      return id;
    },
    ringTimeoutMs: options.ringTimeoutMs,
    ...(snapshot ? { snapshot } : {}),
    onEvent: (event) => {
      // Arm the timer for what this change made due before anyone hears of it.
      if (event.type === 'changed') rearm();
      for (const listener of [...listeners]) listener(event);
    },
    log: (message, details, isError) => {
      const fields: Record<string, LogValue> = { agentId };
      for (const [k, v] of Object.entries(details)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) fields[k] = v;
      }
      if (isError === true) log.warn(message, fields);
      else log.info(message, fields);
    },
  });
  // Events already due (a restart after a long pause) fire on the first tick, after the
  // server has subscribed.
  rearm();

  return {
    getStatus: () => agent.status,
    getCallState: () => agent.callState,
    getCalls: () => agent.getCalls(),
    isMuted: () => agent.muted,
    isRecordingPaused: () => agent.recordingPaused,
    getSchedule: () => agent.scheduled(),
    supervising: (callId) => {
      const leg = agent.snapshot().calls.find((c) => c.role === 'supervisor' && c.parentId === callId);
      return leg && { bargedIn: leg.bargedIn === true };
    },
    setStatus: (status, reason) => {
      agent.setStatus(status, 'connector', reason);
    },
    endWrapUp: () => agent.endWrapUp(),
    logout: () => agent.logout(),
    acceptCall: (callId) => agent.acceptCall(callId),
    declineCall: (callId) => agent.declineCall(callId),
    hangUp: (callId) => agent.hangUp(callId),
    dial: (phoneNumber) => agent.dial(phoneNumber),
    sendDigits: (digits) => agent.sendDigits(digits),
    hold: (callId) => agent.hold(callId),
    resume: (callId) => agent.resume(callId),
    setMuted: (muted) => agent.setMuted(muted),
    setRecordingPaused: (paused) => agent.setRecordingPaused(paused),
    addParticipant: (phoneNumber, parentCallId, blind) => agent.addParticipant(phoneNumber, parentCallId, blind),
    conference: () => agent.conference(),
    swap: (holdCallId, resumeCallId) => agent.swap(holdCallId, resumeCallId),
    superviseCall: (callId) => agent.superviseCall(callId),
    bargeIn: (callId) => agent.bargeIn(callId),
    supervisorDisconnect: () => agent.supervisorDisconnect(),
    setPartnerStatus: (status, reason) => agent.setStatus(status, 'partner', reason),
    scheduleStatus: (status, startInMs, durationMs) => agent.scheduleStatus(status, startInMs, durationMs),
    incomingCall: (phoneNumber, callId) => {
      fixedId = callId;
      try {
        return agent.incomingCall(phoneNumber);
      } finally {
        fixedId = undefined;
      }
    },
    remoteAnswer: (callId) => agent.remoteAnswer(callId),
    remoteHangup: (callId) => agent.remoteHangup(callId),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stored: () => fromSnapshot(agent.snapshot()),
    dispose: () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
