/**
 * The base library's login flow on the connector's side: after `init` answered
 * `showLogin` (or `LOGOUT` ended the partner session) the page asks for credentials, and a
 * successful partner login publishes `LOGIN_RESULT {success: true}`, on which the library
 * posts `CONNECTOR_READY`.
 *
 * @remarks
 * ```
 *   init: connect → loginRequired ─┐            LOGOUT, partner no longer connected ─┐
 *                                  ▼                                                 ▼
 *                         required (form shown) ──login()──▶ partner.login ──▶ connected ──▶ LOGIN_RESULT
 *                                  ▲                                  │
 *                                  └── loginRequired / rejected / time limit: message, nothing published
 * ```
 * The DOM form is the page's (`src/page/login-form.ts`); this part knows none of it.
 * Credentials go to the partner and nowhere else: they are never logged or stored here.
 */
import { COMMAND_TIME_LIMIT_MS, isPartnerError, type PartnerCredentials, type PartnerTelephony } from '../partner/partner-telephony';
import type { Clock } from '../platform/clock';
import { GenericResult, publishLog } from '../salesforce/scv';
import { ConnectorLog, publish, safeMessageOf } from './connector-log';
import { withTimeLimit } from './time-limit';

/** How one login attempt ended: the form closes, or shows `message`. */
export type LoginAttempt = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** What the form shows when the partner refuses the credentials without saying why. */
export const WRONG_CREDENTIALS = 'Wrong username or password.';

/** The login flow: when a login is needed, and one attempt at a time. */
export class LoginFlow {
  private needed: string | null = null;
  private inFlight = false;
  private readonly listeners = new Set<(message: string) => void>();

  constructor(
    private readonly partner: PartnerTelephony,
    private readonly clock: Clock,
    /** Runs once the partner is logged in, before `LOGIN_RESULT` goes out. */
    private readonly onLoggedIn: () => void,
  ) {}

  /** Whether the agent must log in now. */
  get required(): boolean {
    return this.needed !== null;
  }

  /** The partner needs a login: listeners (the page's form) show `message`. */
  require(message: string): void {
    this.needed = message;
    publishLog(ConnectorLog.LOGIN, { outcome: 'required' });
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Calls `listener` whenever a login becomes needed (at once if one is); returns the unsubscribe function. */
  onRequired(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    if (this.needed !== null) listener(this.needed);
    return () => this.listeners.delete(listener);
  }

  /**
   * Logs the agent in to the partner.
   *
   * @remarks
   * Never rejects: every failure is a message for the form. Only `connected` publishes
   * anything (`LOGIN_RESULT {success: true}`); a refusal, a rejection or no answer within
   * {@link COMMAND_TIME_LIMIT_MS} publishes nothing, so Salesforce keeps its login frame.
   */
  async login(credentials: PartnerCredentials): Promise<LoginAttempt> {
    if (this.needed === null) return { ok: false, message: 'No login is needed now.' };
    if (this.inFlight) return { ok: false, message: 'A login is already in progress.' };
    if (credentials.username.trim() === '' || credentials.password === '') return { ok: false, message: 'Enter your username and password.' };
    this.inFlight = true;
    try {
      const answer = Promise.resolve().then(() => this.partner.login(credentials));
      const result = await withTimeLimit(this.clock, COMMAND_TIME_LIMIT_MS, 'login', answer);
      if (result.outcome === 'loginRequired') {
        // The partner's words stay in the form: they may echo what the agent typed.
        publishLog(ConnectorLog.LOGIN, { outcome: 'refused' });
        return { ok: false, message: result.message.trim() === '' ? WRONG_CREDENTIALS : result.message };
      }
      this.needed = null;
      publishLog(ConnectorLog.LOGIN, { outcome: 'connected' });
      this.onLoggedIn();
      publish('LOGIN_RESULT', new GenericResult({ success: true }));
      return { ok: true };
    } catch (e) {
      const reason = safeMessageOf(e);
      publishLog(ConnectorLog.LOGIN, { outcome: 'failed', message: reason }, true);
      const timedOut = isPartnerError(e) && e.code === 'TIMEOUT';
      return {
        ok: false,
        message: timedOut
          ? 'The telephony system did not answer in time. Try again.'
          : `Cannot reach the telephony system (${reason}). Check the connection and try again.`,
      };
    } finally {
      this.inFlight = false;
    }
  }
}
