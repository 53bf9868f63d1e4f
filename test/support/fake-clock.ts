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
  /** Monotonic time; timers run on it, as a browser's do. */
  private mono: number;
  /** Wall clock minus monotonic time: moved by {@link FakeClock.stepWallClock}. */
  private offset = 0;
  private nextHandle = 1;
  private timers: FakeTimer[] = [];

  constructor(start: number = FAKE_EPOCH) {
    this.mono = start;
  }

  now(): number {
    return this.mono + this.offset;
  }

  elapsed(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = this.nextHandle++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.push({ handle, due: this.mono + delay, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a finite number >= 0, got ${ms}`);
    const end = this.mono + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.mono = next.due;
      next.fn();
    }
    this.mono = end;
  }

  /**
   * Steps the wall clock (`now()`) by `ms`, either way, as an OS time correction does;
   * `elapsed()` and the timers are not affected.
   */
  stepWallClock(ms: number): void {
    this.offset += ms;
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
