/**
 * When to try again after the connection to the partner server dropped: exponential
 * backoff with jitter (CONTRACT §8: first retry within 1 s, at most 30 s apart), so that
 * many connectors dropped together by a server restart do not all return at once.
 */

/** The first retry's upper bound, ms. */
export const FIRST_RETRY_MS = 1_000;

/** The longest wait between two attempts, ms. */
export const MAX_RETRY_MS = 30_000;

/**
 * The wait before retry `attempt` (0 for the first): a random point in the upper half of
 * `min(MAX_RETRY_MS, FIRST_RETRY_MS · 2^attempt)` ("equal jitter": never 0, never above the cap).
 *
 * @param random - a number in [0, 1), e.g. `Math.random()`
 */
export function retryDelay(attempt: number, random: number): number {
  const cap = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(cap / 2 + (cap / 2) * Math.min(Math.max(random, 0), 1));
}
