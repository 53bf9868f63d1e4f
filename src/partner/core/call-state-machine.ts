/**
 * The agent-level call state machine: which {@link CallState} may follow which, and the
 * state a set of call legs implies.
 *
 * @remarks
 * ```
 *            incoming / dial
 *   idle ───────────────────▶ ringing ──── decline / missed / far end gone ───▶ idle
 *    ▲                           │ answer (agent, or far end for a dialled call)
 *    │                           ▼
 *    │                       connected ◀──── resume ────┐
 *    │                           │  └────── hold ──▶ held
 *    │                           │ hang-up (either side, from connected or held)
 *    │    WRAP_UP_CALL, or a     ▼
 *    └──── non-enqueued ───── wrapup
 *          status from Salesforce
 * ```
 * {@link transitionCallState} is the one guarded transition: every change of an agent's
 * call state goes through it, and an impossible one throws (a partner bug, never a user
 * error).
 */
import type { CallState } from '../../vocabulary/call-state';
import type { LegRecord } from './call-legs';

/** Which states each state may move to (the arrows of the diagram above). */
export const CALL_STATE_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  idle: ['ringing'],
  ringing: ['connected', 'idle'],
  connected: ['held', 'wrapup'],
  held: ['connected', 'wrapup'],
  wrapup: ['idle'],
};

/** Whether `from` may move to `to` (staying is not a move). */
export function canTransition(from: CallState, to: CallState): boolean {
  return CALL_STATE_TRANSITIONS[from].includes(to);
}

/**
 * The guarded transition: returns `to` when the diagram allows the move, `from` when
 * nothing moves.
 *
 * @throws Error `impossible call-state transition FROM -> TO` for a move the diagram lacks.
 */
export function transitionCallState(from: CallState, to: CallState): CallState {
  if (from === to) return from;
  if (!canTransition(from, to)) throw new Error(`impossible call-state transition ${from} -> ${to}`);
  return to;
}

/**
 * The call state the agent's legs imply, or `null` when there is no agent leg (then the
 * state is `idle` or `wrapup`, which only history can tell). Supervisor legs never count.
 */
export function impliedCallState(legs: readonly LegRecord[]): CallState | null {
  const agentLegs = legs.filter((l) => l.role !== 'supervisor');
  if (agentLegs.length === 0) return null;
  if (agentLegs.some((l) => l.state === 'connected')) return 'connected';
  if (agentLegs.some((l) => l.state === 'held')) return 'held';
  return 'ringing';
}

/**
 * Where the agent's call state goes from `current` given its legs: what they imply; with
 * no agent leg left, `wrapup` after an answered call and `idle` after one that only rang.
 */
export function settledCallState(current: CallState, legs: readonly LegRecord[]): CallState {
  const implied = impliedCallState(legs);
  if (implied !== null) return implied;
  if (current === 'connected' || current === 'held') return 'wrapup';
  if (current === 'ringing') return 'idle';
  return current;
}
