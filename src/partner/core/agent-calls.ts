/**
 * What call commands do to one agent's legs and per-call flags (mute, recording), before
 * the agent's call state settles.
 *
 * @remarks
 * Every method checks first and changes after: a refusal is a {@link PartnerError} that
 * names the state and what was expected, and changes nothing. Methods return the legs
 * they touched; {@link PartnerAgent} then settles the call state and announces.
 */
import type { CallState } from '../../vocabulary/call-state';
import { DIALABLE_RULE, DTMF_RULE, isDialable, isDtmf } from '../../vocabulary/dialing';
import { PartnerError } from '../partner-telephony';
import { CallLegs, type LegRecord } from './call-legs';

/** Log sink of the core: a message and name-free details. */
export type CoreLog = (message: string, details: Record<string, unknown>, isError?: boolean) => void;

/** What {@link AgentCalls} needs from its agent. */
export interface AgentCallsContext {
  readonly now: () => number;
  readonly newCallId: () => string;
  readonly ringTimeoutMs: number;
  readonly log: CoreLog;
}

/** The per-call flags of an agent, as saved. */
export interface CallFlags {
  readonly muted: boolean;
  readonly recordingPaused: boolean;
  readonly dtmfCount: number;
}

/** One agent's legs and flags, changed by call commands. */
export class AgentCalls {
  readonly legs: CallLegs;
  muted: boolean;
  recordingPaused: boolean;
  /** DTMF digits sent so far (the digits themselves are never kept). */
  dtmfCount: number;

  constructor(
    private readonly context: AgentCallsContext,
    legs: readonly LegRecord[] = [],
    flags: CallFlags = { muted: false, recordingPaused: false, dtmfCount: 0 },
  ) {
    this.legs = new CallLegs(legs);
    this.muted = flags.muted;
    this.recordingPaused = flags.recordingPaused;
    this.dtmfCount = flags.dtmfCount;
  }

  /** The call is over for the agent (wrap-up or idle): mute and recording pause end with it. */
  resetFlags(): void {
    this.muted = false;
    this.recordingPaused = false;
  }

  accept(callId: string): LegRecord {
    const leg = this.legs.ringingInbound(callId, 'accept');
    leg.state = 'connected';
    delete leg.ringDeadline;
    return leg;
  }

  decline(callId: string): LegRecord {
    const leg = this.legs.ringingInbound(callId, 'decline');
    this.legs.remove([leg]);
    return leg;
  }

  /** Ends `callId` (with its dependents), or every agent leg when omitted. */
  hangUp(callState: CallState, callId?: string): LegRecord[] {
    let ended: LegRecord[];
    if (callId === undefined) {
      ended = this.legs.all().filter((l) => l.role !== 'supervisor');
      if (ended.length === 0) throw new PartnerError(`state ${callState}, expected a live call to hang up`, 'INVALID_STATE');
    } else {
      ended = this.legs.withDependents(this.legs.find(callId));
    }
    this.legs.remove(ended);
    return ended;
  }

  dial(callState: CallState, phoneNumber: string): LegRecord {
    checkDestination(phoneNumber);
    if (callState !== 'idle') throw new PartnerError(`state ${callState}, expected idle to dial`, 'INVALID_STATE');
    const leg = this.newLeg('customer', 'outbound', phoneNumber.trim());
    this.legs.add(leg);
    this.context.log('outbound call dialled', { callId: leg.id });
    return leg;
  }

  sendDigits(callState: CallState, digits: string): void {
    if (callState !== 'connected') throw new PartnerError(`state ${callState}, expected connected to send digits`, 'INVALID_STATE');
    if (!isDtmf(digits)) throw new PartnerError(DTMF_RULE, 'INVALID_ARGUMENT');
    this.dtmfCount += digits.length;
    this.context.log('DTMF sent', { count: digits.length });
  }

  hold(callId: string): LegRecord {
    const leg = this.legs.agentLeg(callId);
    if (leg.state !== 'connected') throw new PartnerError(`call ${callId} is ${leg.state}, expected connected to hold`, 'INVALID_STATE');
    leg.state = 'held';
    return leg;
  }

  resume(callId: string): LegRecord {
    const leg = this.legs.agentLeg(callId);
    if (leg.state !== 'held') throw new PartnerError(`call ${callId} is ${leg.state}, expected held to resume`, 'INVALID_STATE');
    leg.state = 'connected';
    return leg;
  }

  /** Returns whether the flag changed. */
  setMuted(callState: CallState, muted: boolean): boolean {
    if (muted && callState !== 'connected' && callState !== 'held') {
      throw new PartnerError(`state ${callState}, expected connected or held to mute`, 'INVALID_STATE');
    }
    if (this.muted === muted) return false;
    this.muted = muted;
    return true;
  }

  /** Returns whether the flag changed. */
  setRecordingPaused(callState: CallState, paused: boolean): boolean {
    if (!this.legs.hasAnsweredCustomer()) throw new PartnerError(`state ${callState}, expected an answered customer call`, 'INVALID_STATE');
    if (this.recordingPaused === paused) return false;
    this.recordingPaused = paused;
    return true;
  }

  /** Adds a ringing third party to `parentCallId` (customer held), or hands the customer over (`blindTransfer`: the leg is returned ended). */
  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): { leg: LegRecord; transferred: boolean } {
    checkDestination(phoneNumber);
    const parent = this.legs.find(parentCallId);
    if (parent.role !== 'customer' || parent.state === 'ringing') {
      throw new PartnerError(`call ${parentCallId} is ${parent.state} ${parent.role}, expected an answered customer call`, 'INVALID_STATE');
    }
    if (this.legs.all().some((l) => l.role === 'thirdParty' && l.state === 'ringing')) {
      throw new PartnerError('a participant is ringing, expected none', 'INVALID_STATE');
    }
    const leg = this.newLeg('thirdParty', 'participant', phoneNumber.trim());
    leg.parentId = parent.id;
    if (blindTransfer) {
      // The customer is handed to the third party: nothing of it stays with the agent.
      this.legs.remove(this.legs.withDependents(parent));
      this.context.log('call transferred', { callId: parent.id, participantId: leg.id });
      return { leg, transferred: true };
    }
    parent.state = 'held';
    this.legs.add(leg);
    this.context.log('participant added', { callId: parent.id, participantId: leg.id });
    return { leg, transferred: false };
  }

  conference(callState: CallState): LegRecord[] {
    const joined = this.legs.all().filter((l) => l.role !== 'supervisor' && l.state !== 'ringing');
    if (joined.length < 2 || !joined.some((l) => l.role === 'customer')) {
      throw new PartnerError(`state ${callState}, expected an answered customer call and participant`, 'INVALID_STATE');
    }
    for (const leg of joined) leg.state = 'connected';
    return joined;
  }

  swap(holdCallId: string, resumeCallId: string): [LegRecord, LegRecord] {
    if (holdCallId === resumeCallId) throw new PartnerError('swap needs two calls', 'INVALID_ARGUMENT');
    const toHold = this.legs.agentLeg(holdCallId);
    const toResume = this.legs.agentLeg(resumeCallId);
    for (const leg of [toHold, toResume]) {
      if (leg.state === 'ringing') throw new PartnerError(`call ${leg.id} is ringing, expected answered to swap`, 'INVALID_STATE');
    }
    toHold.state = 'held';
    toResume.state = 'connected';
    return [toHold, toResume];
  }

  supervise(callId: string): LegRecord {
    if (typeof callId !== 'string' || callId === '') throw new PartnerError('callId must be a non-empty string', 'INVALID_ARGUMENT');
    const current = this.legs.supervisor();
    if (current) throw new PartnerError(`already supervising ${current.parentId ?? ''}, expected none`, 'INVALID_STATE');
    const leg = this.newLeg('supervisor', 'outbound', '');
    leg.state = 'connected';
    leg.parentId = callId;
    this.legs.add(leg);
    this.context.log('supervising call', { callId, supervisorCallId: leg.id });
    return leg;
  }

  /** Returns the supervisor leg and whether it barged in just now. */
  bargeIn(callId: string): { leg: LegRecord; changed: boolean } {
    const leg = this.legs.all().find((l) => l.role === 'supervisor' && (l.id === callId || l.parentId === callId));
    if (!leg) throw new PartnerError(`not supervising ${String(callId)}`, 'NO_SUCH_CALL');
    if (leg.bargedIn === true) return { leg, changed: false };
    leg.bargedIn = true;
    return { leg, changed: true };
  }

  supervisorDisconnect(): LegRecord[] {
    const ended = this.legs.all().filter((l) => l.role === 'supervisor');
    this.legs.remove(ended);
    return ended;
  }

  /** A customer call arrives: a ringing inbound leg with a ring deadline. */
  incoming(phoneNumber: string): LegRecord {
    const leg = this.newLeg('customer', 'inbound', phoneNumber);
    leg.ringDeadline = leg.createdAt + this.context.ringTimeoutMs;
    this.legs.add(leg);
    this.context.log('incoming call ringing', { callId: leg.id });
    return leg;
  }

  /** The far end answers `callId`, or the newest answerable leg; `null` (logged) when there is none. */
  remoteAnswer(callId?: string): LegRecord | null {
    const answerable = this.legs.all().filter((l) => l.state === 'ringing' && (l.direction === 'outbound' || l.direction === 'participant'));
    const leg = callId === undefined ? answerable[answerable.length - 1] : answerable.find((l) => l.id === callId);
    if (!leg) {
      this.context.log('remote answer ignored', { reason: callId === undefined ? 'nothing ringing to answer' : `${callId} is not ringing to answer` });
      return null;
    }
    leg.state = 'connected';
    return leg;
  }

  /** The far end hangs up `callId` (default: the customer); returns the ended legs, customer first (none: logged). */
  remoteHangup(callId?: string): LegRecord[] {
    const all = this.legs.all();
    const leg = callId === undefined ? all.find((l) => l.role === 'customer') : all.find((l) => l.id === callId);
    if (!leg) {
      this.context.log('remote hangup ignored', { reason: callId === undefined ? 'no customer call' : `no call ${callId}` });
      return [];
    }
    const ended = this.legs.withDependents(leg);
    this.legs.remove(ended);
    this.context.log('remote hangup', { callIds: ended.map((c) => c.id) });
    return ended;
  }

  private newLeg(role: LegRecord['role'], direction: LegRecord['direction'], phoneNumber: string): LegRecord {
    return { id: this.context.newCallId(), role, direction, phoneNumber, state: 'ringing', createdAt: this.context.now() };
  }
}

function checkDestination(phoneNumber: string): void {
  if (!isDialable(typeof phoneNumber === 'string' ? phoneNumber.trim() : phoneNumber)) {
    throw new PartnerError(`destination must be ${DIALABLE_RULE}`, 'INVALID_DESTINATION');
  }
}
