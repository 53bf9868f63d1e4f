/**
 * Time as a dependency.
 *
 * @remarks
 * Everything that waits or timestamps takes a `Clock`, so tests drive time with a fake
 * (`test/support/fake-clock.ts`) and the page uses {@link realClock}. `now()` is epoch
 * milliseconds: schedules are stored as absolute times so that they survive a reload.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
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
  // With Node's types (the test project) setTimeout returns a Timeout object; in the page it is a number.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
};
