/**
 * The agent's call state in the partner system (separate from the agent status).
 *
 * @remarks
 * The status-sync call-state guard is up in every state but `idle`. Which state may
 * follow which is the partner's rule: `src/partner/core/call-state-machine.ts` draws it.
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

/** Every call state, in the order the enum lists them. */
export const CALL_STATES: readonly CallState[] = Object.values(CallState);

/** Narrows an unknown value to a call state. */
export function isCallState(value: unknown): value is CallState {
  return typeof value === 'string' && CALL_STATES.includes(value as CallState);
}
