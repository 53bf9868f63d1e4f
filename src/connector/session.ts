/**
 * The connector's session with Salesforce and the partner: `init` (connect, configure,
 * login), `LOGOUT`, and the log of the partner connection's states.
 *
 * @remarks
 * `init` waits for the partner's `connect` (so `CONNECTOR_READY` replays its current
 * calls) up to {@link CONNECT_TIME_LIMIT_MS}; a partner that needs a login makes it answer
 * `showLogin: true` and the {@link LoginFlow} takes over. Connection-state changes are
 * logged (state names only), a loss of the connection as an error.
 */
import type { ConnectionState, PartnerTelephony } from '../partner/partner-telephony';
import type { Clock } from '../platform/clock';
import { InitResult, markSalesforceConnected, publishLog } from '../salesforce/scv';
import { isRecord } from '../vocabulary/guards';
import type { AfterCallWork } from './after-call-work';
import { command } from './call-commands';
import type { CallView } from './call-view';
import { ConnectorLog, safeMessageOf } from './connector-log';
import { LoginFlow } from './login-flow';
import type { PartnerEventPublisher } from './partner-events';
import type { StatusBridge } from './status-bridge';
import { withTimeLimit } from './time-limit';

/** How long `init` waits for the partner to connect before it reports ready without it. */
export const CONNECT_TIME_LIMIT_MS = 5_000;

/** What the form shows after a `LOGOUT` that ended the partner session. */
export const LOGGED_OUT_MESSAGE = 'You are logged out. Log in to take calls again.';

/** The parts of the connector the session drives. */
export interface SessionParts {
  readonly partner: PartnerTelephony;
  readonly status: StatusBridge;
  readonly view: CallView;
  readonly afterCallWork: AfterCallWork;
  readonly events: PartnerEventPublisher;
  readonly clock: Clock;
  readonly connectTimeLimitMs: number;
}

/** Init, login and logout of the connector (see the file comment). */
export class ConnectorSession {
  /** The base library's login flow (the page's form drives it). */
  readonly loginFlow: LoginFlow;
  private readonly stopLog: () => void;

  constructor(private readonly parts: SessionParts) {
    this.loginFlow = new LoginFlow(parts.partner, parts.clock, () => this.partnerReady());
    let previous = parts.partner.connectionState;
    this.stopLog = parts.partner.onConnectionStateChange((state: ConnectionState) => {
      // A drop, or giving up after one, is an error; connecting and a logout's end are not.
      const lost = state === 'reconnecting' || (state === 'disconnected' && previous === 'reconnecting');
      publishLog(ConnectorLog.CONNECTION, { state }, lost);
      previous = state;
    });
  }

  /**
   * Salesforce opened the port: connect the partner, configure, answer `showLogin` or not.
   *
   * @remarks
   * Never rejects (a rejection makes the library report `CAN_NOT_LOG_IN` and never post
   * `CONNECTOR_READY`): problems — bad configuration, an unreachable partner — are logged
   * with `isError: true`; the connector then works from the partner's last known state,
   * and commands fail with a clear error until the partner is back.
   */
  async init(config: unknown): Promise<InitResult> {
    markSalesforceConnected();
    const { partner, clock, connectTimeLimitMs } = this.parts;
    const callCenterConfig = isRecord(config) ? config : {};
    let login: string | null = null;
    const attempt = new AbortController();
    try {
      const connecting = Promise.resolve().then(() => partner.connect({ config: callCenterConfig, signal: attempt.signal }));
      const connected = await withTimeLimit(clock, connectTimeLimitMs, 'connect', connecting);
      if (connected.outcome === 'loginRequired') login = connected.message;
    } catch (e) {
      attempt.abort();
      publishLog(ConnectorLog.INIT_ERROR, { message: `partner not connected: ${safeMessageOf(e)}` }, true);
    }
    this.configure(config, callCenterConfig);
    if (login === null) this.partnerReady();
    else this.loginFlow.require(login);
    return new InitResult({ showLogin: login !== null });
  }

  /**
   * Logs the agent out of the partner system (partner status `OFFLINE`), dropping pending
   * status changes first. A partner whose session ended with it (no longer connected)
   * needs a new login: the form is shown again.
   */
  async logout(): Promise<void> {
    await command(this.parts.clock, 'logout', () => this.parts.status.logout());
    if (this.parts.partner.connectionState !== 'connected') this.loginFlow.require(LOGGED_OUT_MESSAGE);
  }

  /** Stops logging connection states (the page is going away). */
  dispose(): void {
    this.stopLog();
  }

  /** Publishes from now on and configures everything from `callCenterConfig`. */
  private configure(config: unknown, callCenterConfig: Readonly<Record<string, unknown>>): void {
    this.parts.events.start();
    if (!isRecord(config)) {
      publishLog(ConnectorLog.CONFIG_ERROR, { message: `callCenterConfig must be an object, got ${config === null ? 'null' : typeof config}; using defaults` }, true);
    }
    this.parts.afterCallWork.configure(callCenterConfig);
    try {
      this.parts.status.configure(callCenterConfig);
    } catch (e) {
      publishLog(ConnectorLog.INIT_ERROR, { message: `status sync configuration failed: ${safeMessageOf(e)}` }, true);
    }
  }

  /** The partner's state is known (connected, logged in, or its last known state): pick up a call in progress. */
  private partnerReady(): void {
    const { view, afterCallWork, partner } = this.parts;
    const customer = view.activeLegs().find((leg) => leg.role === 'customer');
    if (customer) afterCallWork.noteCall(customer);
    if (partner.getCallState() === 'wrapup') afterCallWork.endOrphaned();
  }
}
