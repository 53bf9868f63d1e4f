/**
 * Bench-only instrumentation, loaded before dist/connector.js on the idle page: counts
 * every timer callback the page runs (`setTimeout`, `setInterval`,
 * `requestAnimationFrame`, `requestIdleCallback`) in `window.__idle`.
 *
 * @remarks
 * Only callbacks that fire count (a timer set and cleared is no wake-up). The runner
 * reads and resets the counters through playwright, which runs no page timers itself.
 */

/** Fired callbacks by API. */
export interface IdleCounters {
  setTimeout: number;
  setInterval: number;
  requestAnimationFrame: number;
  requestIdleCallback: number;
}

/** `window.__idle`. */
export interface IdleProbe {
  counts: IdleCounters;
  reset(): void;
  total(): number;
}

type Callback = (...args: unknown[]) => unknown;
type Scheduler = (callback: unknown, ...rest: unknown[]) => number;

const counts: IdleCounters = { setTimeout: 0, setInterval: 0, requestAnimationFrame: 0, requestIdleCallback: 0 };

function wrap(name: keyof IdleCounters): void {
  const target = window as unknown as Record<string, Scheduler | undefined>;
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (this: unknown, callback: unknown, ...rest: unknown[]): number {
    const counted = typeof callback === 'function'
      ? function (this: unknown, ...args: unknown[]): unknown {
        counts[name] += 1;
        return (callback as Callback).apply(this, args);
      }
      : callback;
    return original.call(window, counted, ...rest);
  };
}

(['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback'] as const).forEach(wrap);

const probe: IdleProbe = {
  counts,
  reset(): void {
    (Object.keys(counts) as (keyof IdleCounters)[]).forEach((k) => (counts[k] = 0));
  },
  total: () => counts.setTimeout + counts.setInterval + counts.requestAnimationFrame + counts.requestIdleCallback,
};
(window as unknown as { __idle: IdleProbe }).__idle = probe;
