/**
 * One agent's call legs: the customer leg, the third parties added to it, and a
 * supervisor leg, with the lookups every call command starts with.
 *
 * @remarks
 * Lookups refuse with a {@link PartnerError} that names the state and what was expected;
 * they change nothing. The list is replaced, never mutated in place, except the state
 * fields of a leg a command changes.
 */
import { PartnerError, type CallDirection, type CallRole, type LegState, type PartnerCall } from '../partner-telephony';

/** A live call leg as the partner keeps it (mutable inside the partner core only). */
export interface LegRecord {
  id: string;
  role: CallRole;
  direction: CallDirection;
  phoneNumber: string;
  state: Exclude<LegState, 'ended'>;
  parentId?: string;
  /** Epoch ms when the leg was created. */
  createdAt: number;
  /** Epoch ms when a ringing inbound customer leg counts as missed. */
  ringDeadline?: number;
  /** Supervisor legs: the supervisor has barged in. */
  bargedIn?: boolean;
}

/** A frozen public view of a leg (optionally with another state, `ended` for a leg just removed). */
export function toCall(leg: LegRecord, state: PartnerCall['state'] = leg.state): PartnerCall {
  const call: PartnerCall = {
    id: leg.id,
    role: leg.role,
    direction: leg.direction,
    phoneNumber: leg.phoneNumber,
    state,
    createdAt: leg.createdAt,
    ...(leg.parentId !== undefined ? { parentId: leg.parentId } : {}),
    ...(leg.role === 'supervisor' ? { bargedIn: leg.bargedIn === true } : {}),
  };
  return Object.freeze(call);
}

/** The agent's live legs, oldest first. */
export class CallLegs {
  private legs: LegRecord[];

  constructor(legs: readonly LegRecord[] = []) {
    this.legs = [...legs];
  }

  /** Every live leg, oldest first (the records themselves: the core mutates their state). */
  all(): readonly LegRecord[] {
    return this.legs;
  }

  add(leg: LegRecord): void {
    this.legs.push(leg);
  }

  remove(ended: readonly LegRecord[]): void {
    this.legs = this.legs.filter((l) => !ended.includes(l));
  }

  clear(): void {
    this.legs = [];
  }

  /** The leg with `callId`. @throws PartnerError `NO_SUCH_CALL`. */
  find(callId: string): LegRecord {
    const leg = this.legs.find((l) => l.id === callId);
    if (!leg) throw new PartnerError(`no call ${String(callId)}, expected a live call id`, 'NO_SUCH_CALL');
    return leg;
  }

  /** A customer or third-party leg (not the supervisor's). @throws PartnerError */
  agentLeg(callId: string): LegRecord {
    const leg = this.find(callId);
    if (leg.role === 'supervisor') throw new PartnerError(`call ${callId} is supervisor, expected customer or participant`, 'INVALID_STATE');
    return leg;
  }

  /** A ringing inbound customer leg, for the agent to `action` (accept, decline). @throws PartnerError */
  ringingInbound(callId: string, action: string): LegRecord {
    const leg = this.find(callId);
    if (leg.direction !== 'inbound' || leg.role !== 'customer' || leg.state !== 'ringing') {
      throw new PartnerError(`call ${callId} is ${leg.state} ${leg.direction}, expected ringing inbound to ${action}`, 'INVALID_STATE');
    }
    return leg;
  }

  /** The leg and, for a customer leg, the third-party legs added to it. */
  withDependents(leg: LegRecord): LegRecord[] {
    if (leg.role !== 'customer') return [leg];
    return [leg, ...this.legs.filter((l) => l.role === 'thirdParty' && l.parentId === leg.id)];
  }

  /** The supervisor leg, if a supervisor is listening. */
  supervisor(): LegRecord | undefined {
    return this.legs.find((l) => l.role === 'supervisor');
  }

  /** Whether there is an answered customer leg (recording applies to it). */
  hasAnsweredCustomer(): boolean {
    return this.legs.some((l) => l.role === 'customer' && l.state !== 'ringing');
  }
}
