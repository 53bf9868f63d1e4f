/**
 * A time limit for anything the connector awaits from the partner, so one hung command
 * never blocks Salesforce's answer or the status bridge's effect queue.
 */
import type { Clock } from '../platform/clock';
import { PartnerError } from '../partner/partner-telephony';

/**
 * Resolves or rejects as `work` does, or rejects with a `PartnerError` `TIMEOUT` naming
 * `what` once `ms` have passed first (the work's late outcome is then ignored).
 */
export function withTimeLimit<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new PartnerError(`${what}: no answer from the partner within ${ms} ms`, 'TIMEOUT')), ms);
    work.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (e: unknown) => {
        clock.clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
