/**
 * Which instances' Salesforce hosts show the agent's after-call work: CONTRACT §7.4 with
 * several tabs.
 *
 * @remarks
 * A lone tab reloaded during wrap-up ends it, since its new host was never told of the
 * call and nothing else would (`AfterCallWork.endOrphaned`). With several tabs, another
 * tab's host may still show that after-call work, and the agent ends it there: the
 * reloaded tab must leave it alone. The leader keeps the holders: every instance live
 * when the wrap-up began, plus any that says so in its hello to a new leader. A request
 * to end the wrap-up without a call (`endOrphaned`, or a call center without after-call
 * work) ends it when it comes from a holder or nobody holds it; and when the
 * last holder leaves, the wrap-up nobody shows any more is ended, so the agent is never
 * stuck in it.
 */

/** The leader's record of the wrap-up's holders. */
export class WrapUpHolders {
  private readonly holders = new Set<string>();

  /**
   * @param inWrapUp - whether the agent is in wrap-up now
   * @param end - ends the wrap-up
   */
  constructor(
    private readonly inWrapUp: () => boolean,
    private readonly end: () => void,
  ) {}

  /** The wrap-up began: every live instance's host was told of it. */
  began(live: Iterable<string>): void {
    this.holders.clear();
    for (const instance of live) this.holders.add(instance);
  }

  /** `instance` shows the wrap-up (it says so to a new leader). */
  hold(instance: string): void {
    if (this.inWrapUp()) this.holders.add(instance);
  }

  /** `instance` left; the wrap-up ends if nobody shows it any more. */
  left(instance: string): void {
    if (this.holders.delete(instance)) this.settle();
  }

  /** Ends the wrap-up if nobody shows it (a new leader, once the followers said hello). */
  settle(): void {
    if (this.inWrapUp() && this.holders.size === 0) this.end();
  }

  /**
   * `instance` asks to end the wrap-up without a call: a holder may (its call center has
   * no after-call work), and anyone when nobody shows it; otherwise it is left to them.
   */
  orphaned(instance: string): void {
    if (this.inWrapUp() && (this.holders.size === 0 || this.holders.has(instance))) this.end();
  }
}
