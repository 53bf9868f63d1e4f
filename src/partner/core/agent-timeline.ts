/**
 * What falls due for one agent: ring timeouts and scheduled status changes, fired in time
 * order when the owner calls `fireDue` at `nextDueAt` (the agent itself has no timers).
 */
import type { PartnerStatus } from '../../vocabulary/partner-status';
import { PartnerError } from '../partner-telephony';
import type { AgentCalls, CoreLog } from './agent-calls';
import type { AgentState } from './agent-state';
import { toCall, type LegRecord } from './call-legs';
import { checkedSchedule, MAX_SCHEDULED, StatusSchedule, type ScheduledEntry, type ScheduledStatusChange } from './schedule';

type DueItem = { readonly at: number; readonly order: number; readonly fire: () => void };

/**
 * Restored ring deadlines, checked against the clock (CONTRACT §7.9): one further away
 * than the ring timeout (a stored 8.64e15 would ring forever) is replaced by a full ring
 * timeout from now, with a warning.
 */
export function checkedRingDeadlines(legs: readonly LegRecord[], now: number, ringTimeoutMs: number, log: CoreLog): LegRecord[] {
  return legs.map((leg) => {
    if (leg.ringDeadline === undefined || leg.ringDeadline - now <= ringTimeoutMs) return leg;
    log('restored ring deadline discarded', { callId: leg.id, reason: `it was ${Math.round((leg.ringDeadline - now) / 1000)} s away, more than the ring timeout` }, true);
    return { ...leg, ringDeadline: now + ringTimeoutMs };
  });
}

/** The agent's schedule and ring deadlines, and what firing each does. */
export class AgentTimeline {
  private readonly schedule: StatusSchedule;

  /**
   * @param saved - restored schedule entries and sequence, checked against the clock
   * and the cap here (CONTRACT §7.9, §7.6)
   */
  constructor(
    private readonly calls: AgentCalls,
    private readonly state: AgentState,
    private readonly now: () => number,
    private readonly log: CoreLog,
    saved?: { readonly schedule: readonly ScheduledEntry[]; readonly nextSeq: number },
  ) {
    const { kept, dropped } = checkedSchedule(saved?.schedule ?? [], now());
    for (const reason of dropped) log('restored schedule entry discarded', { reason }, true);
    this.schedule = new StatusSchedule(kept, saved?.nextSeq);
  }

  /** Pending scheduled status changes, earliest first. */
  scheduled(): readonly ScheduledStatusChange[] {
    return this.schedule.view();
  }

  /** The schedule for the agent's snapshot. */
  toJSON(): { schedule: ScheduledEntry[]; nextSeq: number } {
    return this.schedule.toJSON();
  }

  /**
   * Schedules a status change (see `PartnerAgent.scheduleStatus`).
   *
   * @throws PartnerError `INVALID_ARGUMENT` for bad times, or `SCHEDULE_FULL` when
   * {@link MAX_SCHEDULED} changes are already scheduled (CONTRACT §7.6).
   */
  add(status: PartnerStatus, startInMs: number, durationMs?: number): ScheduledStatusChange {
    const count = this.schedule.all().length;
    if (count >= MAX_SCHEDULED) {
      throw new PartnerError(`${count} status changes already scheduled, at most ${MAX_SCHEDULED}; wait for one to pass`, 'SCHEDULE_FULL');
    }
    const entry = this.schedule.add(this.now(), status, startInMs, durationMs);
    this.log('status change scheduled', { status, startInMs, durationMs: durationMs ?? null });
    this.state.commit();
    return Object.freeze({ at: entry.at, kind: 'start', status });
  }

  /** Cancels every scheduled change (logout); returns how many. */
  clear(): number {
    return this.schedule.clear();
  }

  /** Epoch ms of the earliest due event (ring timeout, scheduled change), or `null`. */
  nextDueAt(): number | null {
    return this.dueItems()[0]?.at ?? null;
  }

  /** Fires, in order, every event due by `now()` (including those that firing makes due). */
  fireDue(): void {
    for (;;) {
      const next = this.dueItems()[0];
      if (!next || next.at > this.now()) return;
      next.fire();
    }
  }

  private dueItems(): DueItem[] {
    const items: DueItem[] = [];
    for (const leg of this.calls.legs.all()) {
      if (leg.ringDeadline !== undefined) items.push({ at: leg.ringDeadline, order: -1, fire: () => this.missed(leg) });
    }
    for (const entry of this.schedule.all()) items.push({ at: entry.at, order: entry.seq, fire: () => this.fireScheduled(entry) });
    return items.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  private missed(leg: LegRecord): void {
    this.calls.legs.remove([leg]);
    this.log('call missed', { callId: leg.id });
    this.state.settle([{ type: 'callMissed', call: toCall(leg, 'ended') }]);
  }

  private fireScheduled(entry: ScheduledEntry): void {
    const firing = this.schedule.fire(entry, this.state.status);
    if (firing.change) this.state.changeStatus(firing.change.status, 'partner', firing.change.reason);
    if (firing.skipped !== undefined) this.log('scheduled return skipped', { reason: firing.skipped });
    this.state.commit();
  }
}
