/**
 * One timer for the earliest due event of a {@link PartnerAgent} (a ring timeout, a
 * scheduled status change), or none.
 *
 * @remarks
 * The agent core has no timers of its own; this wheel of one keeps exactly one armed on
 * the injected {@link Clock}, for `nextDueAt()`, and fires the agent when it is due.
 * While the agent fires, re-arming waits until it is done.
 */
import type { Clock, TimerHandle } from '../../platform/clock';

interface ArmedTimer {
  handle: TimerHandle;
  readonly due: number;
}

/** Keeps one timer armed for the earliest due time that `nextDueAt` reports. */
export class DueTimer {
  private timer: ArmedTimer | null = null;
  private firing = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly nextDueAt: () => number | null,
    private readonly fireDue: () => void,
  ) {}

  /** Re-arms for the current earliest due time (call after every change). */
  rearm(): void {
    if (this.firing || this.stopped) return;
    const due = this.nextDueAt();
    if (this.timer && this.timer.due === due) return;
    this.clear();
    if (due === null) return;
    const timer: ArmedTimer = { handle: 0, due };
    timer.handle = this.clock.setTimeout(() => {
      if (this.timer !== timer) return;
      this.timer = null;
      this.fire();
    }, Math.max(0, due - this.clock.now()));
    this.timer = timer;
  }

  /** Cancels the timer for good. */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private fire(): void {
    this.firing = true;
    try {
      this.fireDue();
    } finally {
      this.firing = false;
    }
    this.rearm();
  }

  private clear(): void {
    if (!this.timer) return;
    this.clock.clearTimeout(this.timer.handle);
    this.timer = null;
  }
}
