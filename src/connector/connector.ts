/**
 * The Service Cloud Voice `VendorConnector`: a thin adapter between the base library and
 * a {@link PartnerTelephony}.
 *
 * @remarks
 * Salesforce → partner: every channel message the base library forwards lands in one
 * method here, which hands it to the part that does that job, and answers with the
 * library's own result class (the library validates with `instanceof`). A rejection is a
 * `ConnectorError` made by `toConnectorError` (`./errors`), which maps partner refusals to
 * the library's error types.
 * - `./session`: `init` (connect, configure, login through `./login-flow`) and `LOGOUT`;
 * - `./call-commands`: calls, directory, supervisor;
 * - the status bridge: status;
 * - `./agent-settings`: phone, capabilities, recordings, Salesforce's logs.
 *
 * Partner → Salesforce is `./partner-events` (call events) with `./after-call-work`
 * (wrap-up), and the status bridge (status); `./call-view` turns the partner's calls into
 * the library's objects for both directions.
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
  GenericResult,
  HangupResult,
  HoldToggleResult,
  InitResult,
  LogoutResult,
  MuteToggleResult,
  ParticipantResult,
  PhoneContactsResult,
  RecordingToggleResult,
  SignedRecordingUrlResult,
  SuperviseCallResult,
  SupervisorHangupResult,
  publishLog,
} from '../salesforce/scv';
import { AfterCallWork } from './after-call-work';
import { AgentSettings } from './agent-settings';
import { CallCommands } from './call-commands';
import { CallView } from './call-view';
import { ConnectorLog, safeMessageOf } from './connector-log';
import { toConnectorError } from './errors';
import type { LoginFlow } from './login-flow';
import { PartnerEventPublisher } from './partner-events';
import { CONNECT_TIME_LIMIT_MS, ConnectorSession } from './session';
import type { StatusBridge } from './status-bridge';

export { CONNECT_TIME_LIMIT_MS } from './session';

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

/** The Service Cloud Voice connector backed by a {@link PartnerTelephony}. */
export class Connector extends BaseVendorConnector {
  private readonly partner: PartnerTelephony;
  private readonly status: StatusBridge;
  private readonly view: CallView;
  private readonly afterCallWork: AfterCallWork;
  private readonly calls: CallCommands;
  private readonly session: ConnectorSession;
  private readonly settings = new AgentSettings();
  private readonly unsubscribe: () => void;

  constructor(options: ConnectorOptions) {
    super();
    const { partner } = options;
    const clock = options.clock ?? realClock;
    this.partner = partner;
    this.status = options.status;
    this.view = new CallView(partner);
    this.afterCallWork = new AfterCallWork({ clock, partner, endWrapUp: () => this.wrapUpCall() });
    const events = new PartnerEventPublisher(this.view, this.afterCallWork);
    this.calls = new CallCommands(partner, this.view, this.afterCallWork, clock);
    this.session = new ConnectorSession({
      partner,
      status: this.status,
      view: this.view,
      afterCallWork: this.afterCallWork,
      events,
      clock,
      connectTimeLimitMs: options.connectTimeLimitMs ?? CONNECT_TIME_LIMIT_MS,
    });
    this.unsubscribe = partner.subscribe((event) => events.handle(event));
  }

  /** The base library's login flow (the page's form drives it). */
  get loginFlow(): LoginFlow {
    return this.session.loginFlow;
  }

  /** Stops listening to the partner (the page is going away). */
  dispose(): void {
    this.unsubscribe();
    this.session.dispose();
    this.afterCallWork.cancel();
  }

  // ───────────────────────────── session (./session) ─────────────────────────────

  /** Salesforce opened the port: connect the partner, configure, maybe ask for a login (see `./session`). */
  override init(config: unknown): Promise<InitResult> {
    return this.session.init(config);
  }

  /** Logs the agent out of the partner system (see `./session`). */
  override async logout(): Promise<LogoutResult> {
    await this.session.logout();
    return new LogoutResult({ success: true });
  }

  /**
   * Live calls with their live state; a call in wrap-up is not active.
   *
   * @remarks
   * The library sends `HANGUP` after `END_CALL` only when this is empty, and replays it
   * on `CONNECTOR_READY` (`callInProgress`) and `AGENT_AVAILABLE`. While the partner is
   * not connected its mirror is only the last known state, so nothing is replayed: a
   * call that ended meanwhile would stay in Salesforce with no way to end it (CONTRACT §8,
   * "nothing stale is published").
   */
  override getActiveCalls(): Promise<ActiveCallsResult> {
    const legs = this.partner.connectionState === 'connected' ? this.view.activeLegs() : [];
    return Promise.resolve(new ActiveCallsResult({ activeCalls: legs.map((leg) => this.view.phoneCall(leg)) }));
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
  override acceptCall(call: unknown): Promise<CallResult> { return this.calls.acceptCall(call); }
  override declineCall(call: unknown): Promise<CallResult> { return this.calls.declineCall(call); }
  override endCall(call: unknown, _agentStatus?: string): Promise<HangupResult> { return this.calls.endCall(call, _agentStatus); }
  override dial(contact: unknown): Promise<CallResult> { return this.calls.dial(contact); }
  override sendDigits(digits: unknown): Promise<void> { return this.calls.sendDigits(digits); }
  override mute(): Promise<MuteToggleResult> { return this.calls.mute(); }
  override unmute(): Promise<MuteToggleResult> { return this.calls.unmute(); }
  override hold(call: unknown): Promise<HoldToggleResult> { return this.calls.hold(call); }
  override resume(call: unknown): Promise<HoldToggleResult> { return this.calls.resume(call); }
  override swap(callToHold: unknown, callToResume: unknown): Promise<HoldToggleResult> { return this.calls.swap(callToHold, callToResume); }
  override conference(_calls?: unknown): Promise<HoldToggleResult> { return this.calls.conference(_calls); }
  override addParticipant(contact: unknown, call: unknown, isBlindTransfer: unknown): Promise<ParticipantResult> { return this.calls.addParticipant(contact, call, isBlindTransfer); }
  override pauseRecording(_call?: unknown): Promise<RecordingToggleResult> { return this.calls.pauseRecording(_call); }
  override resumeRecording(_call?: unknown): Promise<RecordingToggleResult> { return this.calls.resumeRecording(_call); }
  override getPhoneContacts(filter?: unknown): Promise<PhoneContactsResult> { return this.calls.getPhoneContacts(filter); }
  override superviseCall(supervisedCallInfo: unknown): Promise<SuperviseCallResult> { return this.calls.superviseCall(supervisedCallInfo); }
  override supervisorBargeIn(supervisedCallInfo: unknown): Promise<SuperviseCallResult> { return this.calls.supervisorBargeIn(supervisedCallInfo); }
  override supervisorDisconnect(_supervisedCallInfo?: unknown): Promise<SupervisorHangupResult> { return this.calls.supervisorDisconnect(_supervisedCallInfo); }

  // ───────────────────────────── phone, capabilities, logs (./agent-settings) ─────────────────────────────

  override getAgentConfig(): Promise<AgentConfigResult> { return this.settings.getAgentConfig(); }
  override setAgentConfig(config: unknown): Promise<GenericResult> { return this.settings.setAgentConfig(config); }
  override getCapabilities(): Promise<CapabilitiesResult> { return this.settings.getCapabilities(); }
  override getSignedRecordingUrl(_recordingUrl?: unknown, _vendorCallKey?: unknown, callId?: unknown): Promise<SignedRecordingUrlResult> { return this.settings.getSignedRecordingUrl(callId); }
  override handleMessage(message: unknown): void { this.settings.handleMessage(message); }
  override downloadLogs(logs: string[]): void { this.settings.downloadLogs(logs); }
  override logMessageToVendor(logLevel: unknown, message: unknown, payload?: unknown): void { this.settings.logMessageToVendor(logLevel, message, payload); }
}
