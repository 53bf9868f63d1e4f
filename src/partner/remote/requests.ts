/**
 * The requests sent to the partner server and not answered yet, each with its time limit.
 *
 * @remarks
 * Every request gets a fresh id; its answer (or an `error` frame naming it) settles it.
 * No answer within the limit rejects it `TIMEOUT` (the outcome is unknown until the next
 * event or resync); a dropped connection rejects every open one `UNAVAILABLE`. Timers run
 * on the injected clock, so tests drive them with a fake one.
 */
import type { Clock, TimerHandle } from '../../platform/clock';
import { COMMAND_TIME_LIMIT_MS, PartnerError } from '../partner-telephony';
import type { WireError } from '../wire/messages';

/** A settled request: the server's result, or its refusal. */
export type Answer = { readonly ok: true; readonly result: unknown; readonly seq?: number } | { readonly ok: false; readonly error: WireError };

interface Open {
  readonly what: string;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: PartnerError) => void;
  readonly timer: TimerHandle;
}

/** Open requests by id. */
export class Requests {
  private readonly open = new Map<string, Open>();
  private next = 0;

  constructor(private readonly clock: Clock) {}

  /**
   * Registers a request and returns its id and its answer; `send` is then up to the caller.
   * `what` names it in error messages (never its arguments).
   */
  start(what: string, limitMs = COMMAND_TIME_LIMIT_MS): { id: string; answer: Promise<Answer> } {
    const id = `r${++this.next}`;
    const answer = new Promise<Answer>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.open.delete(id);
        reject(new PartnerError(`no answer from the partner server to ${what} within ${limitMs / 1000} s; the outcome is unknown until the next update`, 'TIMEOUT'));
      }, limitMs);
      this.open.set(id, { what, resolve, reject, timer });
    });
    return { id, answer };
  }

  /** Settles request `id` (an unknown or late id is ignored: false). */
  settle(id: string, answer: Answer): boolean {
    const r = this.take(id);
    r?.resolve(answer);
    return r !== undefined;
  }

  /** Rejects request `id` (e.g. it could not be sent). */
  fail(id: string, error: PartnerError): void {
    this.take(id)?.reject(error);
  }

  /** Rejects every open request with `UNAVAILABLE`, saying why. */
  failAll(why: string): void {
    for (const id of [...this.open.keys()]) {
      const r = this.take(id);
      r?.reject(new PartnerError(`${why}; the outcome of ${r.what} is unknown until the connection is back`, 'UNAVAILABLE'));
    }
  }

  private take(id: string): Open | undefined {
    const r = this.open.get(id);
    if (!r) return undefined;
    this.open.delete(id);
    this.clock.clearTimeout(r.timer);
    return r;
  }
}
