/**
 * The statuses we published to Salesforce whose echo (Salesforce answering with the same
 * `setAgentStatus`, CONTRACT §5 rule 3 and §9) is still expected.
 */
import type { EchoExpectation } from './engine-state';

/** How long a published status waits for Salesforce's echo before it counts as a new change. */
export const ECHO_WINDOW_MS = 10_000;

/** How many published statuses may await their echo at once. */
export const ECHO_QUEUE_LIMIT = 8;

/** Published statusIds awaiting their echo, oldest first, at most {@link ECHO_QUEUE_LIMIT}. */
export class EchoExpectations {
  private list: EchoExpectation[] = [];

  /** We published `statusId` at `at`. */
  expect(statusId: string, at: number): void {
    this.list.push({ statusId, at });
    if (this.list.length > ECHO_QUEUE_LIMIT) this.list.shift();
  }

  /**
   * True (and the expectation used up) when `statusId` is an echo at `now`: published
   * within {@link ECHO_WINDOW_MS} and not in the future (a clock stepped back).
   */
  consume(statusId: string, now: number): boolean {
    this.list = this.list.filter((e) => now - e.at <= ECHO_WINDOW_MS && e.at <= now);
    const index = this.list.findIndex((e) => e.statusId === statusId);
    if (index < 0) return false;
    // Older expectations are answered implicitly: Salesforce echoes in order.
    this.list.splice(0, index + 1);
    return true;
  }

  /** Forgets every expectation (Salesforce moved past what we published). */
  clear(): void {
    this.list = [];
  }

  /** The expectations, for persistence. */
  toJSON(): readonly EchoExpectation[] {
    return this.list;
  }

  /** Replaces the expectations with restored (already validated) ones, keeping the newest. */
  restore(list: readonly EchoExpectation[]): void {
    this.list = list.slice(-ECHO_QUEUE_LIMIT).map(({ statusId, at }) => ({ statusId, at }));
  }
}
