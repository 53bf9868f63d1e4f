/**
 * The Service Cloud Voice `VendorConnector`: a thin adapter between the base library and
 * a {@link PartnerTelephony}.
 *
 * @remarks
 * Salesforce → partner: every channel message the base library forwards lands in one
 * method here, which reads Salesforce's input (`./salesforce-input`), drives the partner
 * and answers with the library's own result class (the library validates with
 * `instanceof`). A rejection is a `ConnectorError` made by `toConnectorError`
 * (`./errors`), which maps partner refusals to the library's error types.
 *
 * Partner → Salesforce is `./partner-events` (call events) with `./after-call-work`
 * (wrap-up), and the status bridge (status); `./call-view` turns the partner's calls into
 * the library's objects for both directions.
 *
 * Recordings: the simulated partner keeps none, so `getSignedRecordingUrl` answers
 * `success: false` (Salesforce's player shows its "recording unavailable" message) and
 * `getCapabilities` says `hasSignedRecordingUrl: false`.
 *
 * @example
 * ```ts
 * const partner = new SimulatedPartner({ clock, store });
 * const status = new StatusSyncBridge({ partner, clock, store });
 * initializeConnector(new Connector({ partner, status, clock }));
 * ```
 */
import { realClock, type Clock } from '../platform/clock';
import type { PartnerTelephony } from '../partner/partner-telephony';
import {
  ActiveCallsResult,
  AgentConfigResult,
  AgentVendorStatusInfo,
  BaseVendorConnector,
  CallResult,
  CapabilitiesResult,
  Constants,
  GenericResult,
  HangupResult,
  HoldToggleResult,
  InitResult,
  LogoutResult,
  MuteToggleResult,
  ParticipantResult,
  Phone,
  PhoneContactsResult,
  RecordingToggleResult,
  SignedRecordingUrlResult,
  SuperviseCallResult,
  SupervisorHangupResult,
  downloadVendorLogs,
  logLocally,
  markSalesforceConnected,
  publishLog,
} from '../salesforce/scv';
import { isRecord } from '../vocabulary/guards';
import { AfterCallWork } from './after-call-work';
import { CallCommands, command } from './call-commands';
import { CallView } from './call-view';
import { ConnectorLog, safeMessageOf } from './connector-log';
import { toConnectorError } from './errors';
import { LoginFlow } from './login-flow';
import { withTimeLimit } from './time-limit';
import { PartnerEventPublisher } from './partner-events';
import { redact, scrubNumbers } from '../salesforce/privacy';
import { selectedPhoneOf, stringField } from './salesforce-input';
import type { StatusBridge } from './status-bridge';

/** Dependencies of {@link Connector}. */
export interface ConnectorOptions {
  /** The partner telephony system (the simulator, or a vendor's implementation). */
  readonly partner: PartnerTelephony;
  /** Two-way agent status sync. */
  readonly status: StatusBridge;
  /** Time source for the deferred publication and the time limits; defaults to {@link realClock}. */
  readonly clock?: Clock;
  /** How long `init` waits for the partner's `connect`; default {@link CONNECT_TIME_LIMIT_MS}. */
  readonly connectTimeLimitMs?: number;
}

/** How long `init` waits for the partner to connect before it reports ready without it. */
export const CONNECT_TIME_LIMIT_MS = 5_000;


/** The Service Cloud Voice connector backed by a {@link PartnerTelephony}. */
export class Connector extends BaseVendorConnector {
  private readonly partner: PartnerTelephony;
  private readonly status: StatusBridge;
  private readonly view: CallView;
  private readonly afterCallWork: AfterCallWork;
  private readonly events: PartnerEventPublisher;
  private readonly calls: CallCommands;
  private readonly clock: Clock;
  private readonly connectTimeLimitMs: number;
  private readonly unsubscribe: () => void;
  private selectedPhone = new Phone({ type: Constants.PHONE_TYPE.SOFT_PHONE });
  /** The base library's login flow (the page's form drives it). */
  readonly loginFlow: LoginFlow;

  constructor(options: ConnectorOptions) {
    super();
    this.partner = options.partner;
    this.status = options.status;
    this.clock = options.clock ?? realClock;
    this.connectTimeLimitMs = options.connectTimeLimitMs ?? CONNECT_TIME_LIMIT_MS;
    this.view = new CallView(this.partner);
    this.afterCallWork = new AfterCallWork({ clock: this.clock, partner: this.partner, endWrapUp: () => this.wrapUpCall() });
    this.events = new PartnerEventPublisher(this.view, this.afterCallWork);
    this.calls = new CallCommands(this.partner, this.view, this.afterCallWork, this.clock);
    this.unsubscribe = this.partner.subscribe((event) => this.events.handle(event));
    this.loginFlow = new LoginFlow(this.partner, this.clock, () => this.partnerReady());
  }

  /** Stops listening to the partner (the page is going away). */
  dispose(): void {
    this.unsubscribe();
    this.afterCallWork.cancel();
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /**
   * Salesforce opened the port: connect the partner, configure the status sync, report ready.
   *
   * @remarks
   * Waits for the partner's `connect` (so `CONNECTOR_READY` replays its current calls) up
   * to {@link CONNECT_TIME_LIMIT_MS}; a partner that needs a login makes it answer
   * `showLogin: true` (the base library's login flow). Never rejects (a rejection makes
   * the library report `CAN_NOT_LOG_IN` and never post `CONNECTOR_READY`): problems —
   * bad configuration, an unreachable partner — are logged with `isError: true` and init
   * resolves; the connector then works from the partner's last known state, and
   * commands fail with a clear error until the partner is back.
   */
  override async init(config: unknown): Promise<InitResult> {
    markSalesforceConnected();
    const callCenterConfig = isRecord(config) ? config : {};
    let login: string | null = null;
    const attempt = new AbortController();
    try {
      const connecting = Promise.resolve().then(() => this.partner.connect({ config: callCenterConfig, signal: attempt.signal }));
      const connected = await withTimeLimit(this.clock, this.connectTimeLimitMs, 'connect', connecting);
      if (connected.outcome === 'loginRequired') login = connected.message;
    } catch (e) {
      attempt.abort();
      publishLog(ConnectorLog.INIT_ERROR, { message: `partner not connected: ${safeMessageOf(e)}` }, true);
    }
    this.start(config, callCenterConfig);
    if (login === null) this.partnerReady();
    else this.loginFlow.require(login);
    return new InitResult({ showLogin: login !== null });
  }

  /** Marks Salesforce connected and configures everything from `callCenterConfig`. */
  private start(config: unknown, callCenterConfig: Readonly<Record<string, unknown>>): void {
    this.events.start();
    if (!isRecord(config)) {
      publishLog(ConnectorLog.CONFIG_ERROR, { message: `callCenterConfig must be an object, got ${config === null ? 'null' : typeof config}; using defaults` }, true);
    }
    this.afterCallWork.configure(callCenterConfig);
    try {
      this.status.configure(callCenterConfig);
    } catch (e) {
      publishLog(ConnectorLog.INIT_ERROR, { message: `status sync configuration failed: ${safeMessageOf(e)}` }, true);
    }
  }

  /** The partner's state is known (connected, logged in, or its last known state): pick up a call in progress. */
  private partnerReady(): void {
    const customer = this.view.activeLegs().find((leg) => leg.role === 'customer');
    if (customer) this.afterCallWork.noteCall(customer);
    if (this.partner.getCallState() === 'wrapup') this.afterCallWork.endOrphaned();
  }

  /**
   * Live calls with their live state; a call in wrap-up is not active.
   *
   * @remarks
   * The library sends `HANGUP` after `END_CALL` only when this is empty, and replays it
   * on `CONNECTOR_READY` (`callInProgress`) and `AGENT_AVAILABLE`.
   */
  override getActiveCalls(): Promise<ActiveCallsResult> {
    return Promise.resolve(new ActiveCallsResult({ activeCalls: this.view.activeLegs().map((leg) => this.view.phoneCall(leg)) }));
  }

  override getAgentConfig(): Promise<AgentConfigResult> {
    return Promise.resolve(
      new AgentConfigResult({
        phones: [Constants.PHONE_TYPE.SOFT_PHONE, Constants.PHONE_TYPE.DESK_PHONE] as unknown as Phone[],
        selectedPhone: this.selectedPhone,
      }),
    );
  }

  /** Selects the soft phone or a desk phone (see `selectedPhoneOf` for what is refused). */
  override setAgentConfig(config: unknown): Promise<GenericResult> {
    try {
      this.selectedPhone = selectedPhoneOf(config);
    } catch (e) {
      return Promise.reject(toConnectorError(e));
    }
    return Promise.resolve(new GenericResult({ success: true }));
  }

  override getCapabilities(): Promise<CapabilitiesResult> {
    return Promise.resolve(
      // Mute, record, merge, swap and debug are on by the library's defaults; signed
      // recording URLs, queue wait time, MOS and transfer to flow off.
      new CapabilitiesResult({
        hasContactSearch: true,
        hasAgentAvailability: true,
        hasSupervisorListenIn: true,
        hasSupervisorBargeIn: true,
        hasBlindTransfer: true,
        hasPendingStatusChange: true,
        hasPhoneBook: true,
      }),
    );
  }

  /**
   * Logs the agent out of the partner system (partner status `OFFLINE`), dropping pending
   * status changes first. A partner whose session ended with it (no longer connected)
   * needs a new login: the form is shown again.
   */
  override async logout(): Promise<LogoutResult> {
    await command(this.clock, 'logout', () => this.status.logout());
    if (this.partner.connectionState !== 'connected') this.loginFlow.require('You are logged out. Log in to take calls again.');
    return new LogoutResult({ success: true });
  }

  // ───────────────────────────── status ─────────────────────────────

  override setAgentStatus(agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<GenericResult> {
    return this.status.setAgentStatus(agentStatus, statusInfo, enqueueNextState);
  }

  override getAgentStatus(): Promise<AgentVendorStatusInfo> {
    try {
      return Promise.resolve(this.status.getAgentStatus());
    } catch (e) {
      return Promise.reject(toConnectorError(e));
    }
  }

  /** Salesforce closed after-call work: the bridge ends the partner's wrap-up. */
  override wrapUpCall(_call?: unknown): void {
    this.afterCallWork.cancel();
    this.status.wrapUpCall().catch((e: unknown) => {
      publishLog(ConnectorLog.WRAP_UP_FAILED, { message: safeMessageOf(e) }, true);
    });
  }

  // ───────────────────────────── calls, directory, supervisor (./call-commands) ─────────────────────────────
  override acceptCall(call: unknown): Promise<CallResult> {
    return this.calls.acceptCall(call);
  }

  override declineCall(call: unknown): Promise<CallResult> {
    return this.calls.declineCall(call);
  }

  override endCall(call: unknown, _agentStatus?: string): Promise<HangupResult> {
    return this.calls.endCall(call, _agentStatus);
  }

  override dial(contact: unknown): Promise<CallResult> {
    return this.calls.dial(contact);
  }

  override sendDigits(digits: unknown): Promise<void> {
    return this.calls.sendDigits(digits);
  }

  override mute(): Promise<MuteToggleResult> {
    return this.calls.mute();
  }

  override unmute(): Promise<MuteToggleResult> {
    return this.calls.unmute();
  }

  override hold(call: unknown): Promise<HoldToggleResult> {
    return this.calls.hold(call);
  }

  override resume(call: unknown): Promise<HoldToggleResult> {
    return this.calls.resume(call);
  }

  override swap(callToHold: unknown, callToResume: unknown): Promise<HoldToggleResult> {
    return this.calls.swap(callToHold, callToResume);
  }

  override conference(_calls?: unknown): Promise<HoldToggleResult> {
    return this.calls.conference(_calls);
  }

  override addParticipant(contact: unknown, call: unknown, isBlindTransfer: unknown): Promise<ParticipantResult> {
    return this.calls.addParticipant(contact, call, isBlindTransfer);
  }

  override pauseRecording(_call?: unknown): Promise<RecordingToggleResult> {
    return this.calls.pauseRecording(_call);
  }

  override resumeRecording(_call?: unknown): Promise<RecordingToggleResult> {
    return this.calls.resumeRecording(_call);
  }

  override getPhoneContacts(filter?: unknown): Promise<PhoneContactsResult> {
    return this.calls.getPhoneContacts(filter);
  }

  override superviseCall(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    return this.calls.superviseCall(supervisedCallInfo);
  }

  override supervisorBargeIn(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    return this.calls.supervisorBargeIn(supervisedCallInfo);
  }

  override supervisorDisconnect(_supervisedCallInfo?: unknown): Promise<SupervisorHangupResult> {
    return this.calls.supervisorDisconnect(_supervisedCallInfo);
  }

  // ───────────────────────────── misc ─────────────────────────────

  /** The simulated partner keeps no recordings: always `success: false` (see the file comment). */
  override getSignedRecordingUrl(_recordingUrl?: unknown, _vendorCallKey?: unknown, callId?: unknown): Promise<SignedRecordingUrlResult> {
    publishLog(ConnectorLog.RECORDING_URL, { message: 'no recordings kept', callId: typeof callId === 'string' ? callId : null });
    return Promise.resolve(new SignedRecordingUrlResult({ success: false }));
  }

  /** Messages from Lightning components: logged (type only), otherwise ignored. */
  override handleMessage(message: unknown): void {
    const messageType = stringField(message, 'type') ?? (message === null ? 'null' : typeof message);
    publishLog(ConnectorLog.MESSAGE, { messageType: scrubNumbers(messageType.slice(0, 100)), handled: false });
  }

  /** Downloads the library's log store, redacted, reporting a browser that refuses. */
  override downloadLogs(logs: string[]): void {
    try {
      downloadVendorLogs(Array.isArray(logs) ? logs : []);
    } catch (e) {
      publishLog(ConnectorLog.DOWNLOAD_LOGS_FAILED, { message: safeMessageOf(e) }, true);
    }
  }

  /**
   * Keeps Salesforce's log line in the vendor log (the library's log store, which
   * `DOWNLOAD_VENDOR_LOGS` downloads), without numbers or names.
   */
  override logMessageToVendor(logLevel: unknown, message: unknown, payload?: unknown): void {
    const level = typeof logLevel === 'string' ? logLevel : Constants.LOG_LEVEL.INFO;
    logLocally(
      ConnectorLog.SALESFORCE_LOG,
      { level, message: scrubNumbers(String(message)), ...(payload === undefined ? {} : { payload: redact(payload) }) },
      level === Constants.LOG_LEVEL.ERROR,
    );
  }
}
