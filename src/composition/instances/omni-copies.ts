/**
 * Tells an Omni-Channel status change from its copies (CONTRACT §6).
 *
 * @remarks
 * Omni-Channel presence is the user's, not the tab's: when the agent changes status in
 * one tab, every instance's Salesforce host sends the same `SET_AGENT_STATUS`, in the
 * same order, a little apart. The leader feeds each one here with the instance it came
 * from; the first report of a change is new (it goes to the sync engine, once), and the
 * same change reported later by each other instance is a copy (answered, not applied).
 *
 * Each instance has a queue of changes the others reported that it has not reported
 * yet. A report that matches an entry of its instance's queue is that copy (entries before
it are copies its host never sent, and are dropped); anything else
 * is new and is queued for every other live instance. Matching in order keeps `A, B, A`
 * from one tab and the same from another from flapping the partner, whatever the
 * interleaving. Copies that never come (a host that missed one) expire after
 * {@link COPY_WINDOW_MS}, and queues are bounded.
 */

/** How long a change waits for its copy from another instance. */
export const COPY_WINDOW_MS = 10_000;
/** At most this many copies wait per instance (older ones are dropped). */
export const COPY_QUEUE_LIMIT = 16;

/** One Omni change as the instances report it. */
export interface OmniReport {
  readonly statusId: string;
  readonly enqueueNextState: boolean;
}

interface Expected extends OmniReport {
  readonly at: number;
}

/** The leader's record of which Omni changes each instance still owes a copy of. */
export class OmniCopies {
  private readonly owed = new Map<string, Expected[]>();

  constructor(private readonly now: () => number) {}

  /** An instance joined: it owes nothing (its host reports only what happens from now). */
  join(instance: string): void {
    if (!this.owed.has(instance)) this.owed.set(instance, []);
  }

  /** An instance left: nobody waits for its copies. */
  leave(instance: string): void {
    this.owed.delete(instance);
  }

  /** Live instances known here. */
  instances(): readonly string[] {
    return [...this.owed.keys()];
  }

  /**
   * Classifies `report` from `instance`: `'new'` (apply it once) or `'copy'` (another
   * instance reported it already; answer it, apply nothing).
   */
  report(instance: string, report: OmniReport): 'new' | 'copy' {
    this.join(instance);
    const now = this.now();
    const queue = (this.owed.get(instance) ?? []).filter((e) => now - e.at <= COPY_WINDOW_MS && now >= e.at);
    this.owed.set(instance, queue);
    // The first match is its copy; older ones it passed over never came to its host.
    const match = queue.findIndex((e) => e.statusId === report.statusId && e.enqueueNextState === report.enqueueNextState);
    if (match >= 0) {
      queue.splice(0, match + 1);
      return 'copy';
    }
    for (const [other, otherQueue] of this.owed) {
      if (other === instance) continue;
      otherQueue.push({ ...report, at: now });
      if (otherQueue.length > COPY_QUEUE_LIMIT) otherQueue.shift();
    }
    return 'new';
  }
}
