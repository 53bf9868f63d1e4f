/**
 * Work that need not come before an answer: run after the current task, in order, on one
 * timer.
 *
 * @remarks
 * A status change has to reach Salesforce (or its answer has to) before the page does
 * its bookkeeping: log lines posted over the port, `STATE` for the simulator console,
 * `localStorage` writes. The page defers those here. All deferred jobs run together on
 * one 0 ms timer of the injected clock, in the order they were deferred (a job deferred
 * while they run joins the same run). {@link DeferredWork.flush} runs them at once: the
 * page calls it on `pagehide`, so nothing deferred is lost to a reload.
 *
 * @example
 * ```ts
 * const work = new DeferredWork(realClock, (e) => report(e));
 * work.defer(() => publishLog('STATUS_SYNC', entry, false));
 * addEventListener('pagehide', () => work.flush());
 * ```
 */
import type { Clock, TimerHandle } from './clock';

/** Runs deferred jobs after the current task. See the file comment. */
export class DeferredWork {
  private jobs: (() => void)[] = [];
  private timer: TimerHandle | null = null;
  private closed = false;
  private flushing = false;

  /**
   * @param clock - whose 0 ms timer runs the jobs
   * @param onError - told about a job that threw (the other jobs still run)
   */
  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `job` after the current task (at once once {@link DeferredWork.close}d). */
  defer(job: () => void): void {
    if (this.closed) {
      this.runGuarded(job);
      return;
    }
    this.jobs.push(job);
    // A job deferred by a running job joins the current run: no second timer.
    if (this.flushing) return;
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 0);
  }

  /** Runs every deferred job now, including those deferred meanwhile. */
  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.jobs.length > 0) {
        const jobs = this.jobs;
        this.jobs = [];
        for (const job of jobs) this.runGuarded(job);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Flushes and stops deferring: later jobs run at once (a disposed page keeps no timer). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private runGuarded(job: () => void): void {
    try {
      job();
    } catch (e) {
      this.onError(e);
    }
  }
}
