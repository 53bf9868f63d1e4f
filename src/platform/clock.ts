/**
 * Time as a dependency.
 *
 * @remarks
 * Everything that waits or timestamps takes a `Clock`, so tests drive time with a fake
 * (`test/support/fake-clock.ts`) and the page uses {@link realClock}. `now()` is epoch
 * milliseconds: schedules are stored as absolute times so that they survive a reload;
 * `elapsed()` is monotonic, for ordering.
 */
export interface Clock {
  /** Milliseconds since the epoch (wall clock: it may step, e.g. when the OS corrects it). */
  now(): number;
  /**
   * Milliseconds on a clock that never steps back (`performance.now`), for ordering events
   * within one page load (CONTRACT §7.5); meaningless across loads, so never persisted.
   */
  elapsed(): number;
  /** Calls `fn` once after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a pending timeout; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque timer handle. */
export type TimerHandle = number;

/** The page's clock: `Date.now` and the window timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  elapsed: () => globalThis.performance?.now() ?? Date.now(),
  // With Node's types (the test project) setTimeout returns a Timeout object; in the page it is a number.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
};
