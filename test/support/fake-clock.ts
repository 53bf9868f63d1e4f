/**
 * A manually driven {@link Clock} for tests.
 *
 * @remarks
 * Time stands still until {@link FakeClock.advance} moves it. Timers fire in due-time
 * order (ties in the order they were set), each with `now()` equal to its due time, and
 * timers set while advancing fire too if they fall due inside the advanced window.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * clock.setTimeout(fire, 1000);
 * clock.advance(999); // not yet
 * clock.advance(1);   // fires
 * ```
 */
import type { Clock, TimerHandle } from '../../src/platform/clock';

interface FakeTimer {
  readonly handle: TimerHandle;
  readonly due: number;
  readonly fn: () => void;
}

/** Fixed start of every fake clock: Monday 2025-01-06 09:00:00 UTC. */
export const FAKE_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

/** A {@link Clock} whose time moves only when the test says so. */
export class FakeClock implements Clock {
  private current: number;
  private nextHandle = 1;
  private timers: FakeTimer[] = [];

  constructor(start: number = FAKE_EPOCH) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = this.nextHandle++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.push({ handle, due: this.current + delay, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a finite number >= 0, got ${ms}`);
    const end = this.current + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.due;
      next.fn();
    }
    this.current = end;
  }

  /** How many timers are set and not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.length;
  }

  private nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) {
      if (t.due <= limit && (!best || t.due < best.due || (t.due === best.due && t.handle < best.handle))) best = t;
    }
    return best;
  }
}
