/**
 * A budget of log lines per minute, for sources a flood can drive (CONTRACT §7.6).
 *
 * @remarks
 * Up to `limit` lines in a window of `windowMs` (monotonic time, so a wall-clock step
 * neither resets nor stretches it); the lines beyond are counted, and the count is
 * reported once, when the window ends. A flood then costs Salesforce at most `limit + 1`
 * lines a minute, and cannot make the base library's log store wipe itself (it empties
 * past 7.5 M characters) and erase the evidence.
 *
 * @example
 * ```ts
 * const budget = logBudget(clock, (n) => log(`${n} more lines suppressed`));
 * if (budget.take()) log('control message ignored');
 * ```
 */
import type { Clock, TimerHandle } from '../platform/clock';

/** Lines a minute the control channel may log as errors. */
export const CONTROL_ERROR_LINES_PER_MINUTE = 100;

/** The window of a {@link LogBudget}: one minute. */
export const LOG_BUDGET_WINDOW_MS = 60_000;

/** A log-line budget: see the file comment. */
export interface LogBudget {
  /** Whether one more line may be logged now; a line refused is counted for the report. */
  take(): boolean;
  /** Reports the lines left out so far, if any, at once (also at teardown). */
  flush(): void;
}

/**
 * A budget of `limit` lines per `windowMs`.
 *
 * @param clock - monotonic time and a timer for the end-of-window report
 * @param reportSuppressed - told, once per window that had any, how many lines were left out
 */
export function logBudget(
  clock: Pick<Clock, 'elapsed' | 'setTimeout' | 'clearTimeout'>,
  reportSuppressed: (count: number) => void,
  limit = CONTROL_ERROR_LINES_PER_MINUTE,
  windowMs = LOG_BUDGET_WINDOW_MS,
): LogBudget {
  let windowStart = -Infinity;
  let used = 0;
  let suppressed = 0;
  let timer: TimerHandle | null = null;
  const flush = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (suppressed === 0) return;
    const count = suppressed;
    suppressed = 0;
    reportSuppressed(count);
  };
  return {
    take(): boolean {
      const now = clock.elapsed();
      if (now - windowStart >= windowMs) {
        flush();
        windowStart = now;
        used = 0;
      }
      if (used < limit) {
        used++;
        return true;
      }
      suppressed++;
      timer ??= clock.setTimeout(flush, windowStart + windowMs - now);
      return false;
    },
    flush,
  };
}
