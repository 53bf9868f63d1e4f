/**
 * The agent's call state in the partner system (separate from the agent status).
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
 * The status-sync call-state guard is up in every state but `idle`.
 */
export const CallState = {
  IDLE: 'idle',
  RINGING: 'ringing',
  CONNECTED: 'connected',
  HELD: 'held',
  WRAPUP: 'wrapup',
} as const;

/** A call state. */
export type CallState = (typeof CallState)[keyof typeof CallState];

/** Which states each state may move to; the simulator's transitions are checked against it. */
export const CALL_STATE_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  idle: ['ringing'],
  ringing: ['connected', 'idle'],
  connected: ['held', 'wrapup'],
  held: ['connected', 'wrapup'],
  wrapup: ['idle'],
};

/** Narrows an unknown value to a call state. */
export function isCallState(value: unknown): value is CallState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CALL_STATE_TRANSITIONS, value);
}
