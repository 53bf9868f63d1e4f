/**
 * The Service Cloud Voice `VendorConnector`: a thin adapter between the base library and
 * a {@link PartnerTelephony}.
 *
 * @remarks
 * Salesforce → partner: every channel message the base library forwards lands in one
 * method here, which drives the partner and answers with the library's own result class
 * (the library validates with `instanceof`). Rejections are plain `{ type, message }`
 * objects from `./errors` — the one place that maps partner refusals to the library's
 * error types.
 *
 * Partner → Salesforce: the connector subscribes to the partner and publishes
 * ```
 *   incomingCall                      ─▶ CALL_STARTED (inbound, ringing)
 *   remoteAnswered  customer          ─▶ CALL_CONNECTED
 *   remoteAnswered  third party       ─▶ PARTICIPANT_CONNECTED
 *   remoteHangup    customer          ─▶ HANGUP (its third parties end with it, unannounced)
 *   remoteHangup    third party       ─▶ PARTICIPANT_REMOVED (the library sends HANGUP instead
 *                                        if nothing is left)
 *   remoteHangup    supervisor leg    ─▶ SUPERVISOR_HANGUP
 *   callMissed                        ─▶ HANGUP {reason: "error", agentStatus: MissedCallAgent}
 *   callStateChanged → wrapup         ─▶ AFTER_CALL_WORK_STARTED {callId}, one task later
 *                                        (with isACWAllowed "false": wrap-up ends at once instead)
 * ```
 * Status events are the status bridge's business and are ignored here. Nothing is
 * published before `init` (the port to Salesforce does not exist yet); Salesforce learns
 * the live state from `CONNECTOR_READY` and the reconnect replay, both built from
 * {@link Connector.getActiveCalls}.
 *
 * `AFTER_CALL_WORK_STARTED` waits one task (`clock.setTimeout(…, 0)`) because on
 * `END_CALL` and blind transfer the library sends the `HANGUP` itself, after the command
 * resolves; Salesforce must see the hang-up first. It is skipped if wrap-up already ended.
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
import { realClock, type Clock, type TimerHandle } from '../platform/clock';
import { isCount, isRecord } from '../platform/guards';
import type {
  CallRole,
  ContactFilter,
  PartnerCall,
  PartnerContact,
  PartnerEvent,
  PartnerTelephony,
} from '../partner/partner-telephony';
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
  PhoneCall,
  PhoneContactsResult,
  RecordingToggleResult,
  SignedRecordingUrlResult,
  SuperviseCallResult,
  SupervisorHangupResult,
  logLocally,
  markSalesforceConnected,
  publishEvent,
  publishLog,
  type PublishableEvent,
  type PublishablePayloads,
} from '../salesforce/scv';
import {
  SUPPORTED_CONTACT_TYPES,
  callInfoOf,
  endedPhoneCall,
  toContact,
  toPhoneCall,
  type LiveCallFlags,
  type PhoneCallExtras,
} from './call-mapping';
import { ErrorType, connectorError, scrubNumbers, toConnectorError } from './errors';
import type { StatusBridge } from './status-bridge';

/** Dependencies of {@link Connector}. */
export interface ConnectorOptions {
  /** The partner telephony system (the simulator, or a vendor's implementation). */
  readonly partner: PartnerTelephony;
  /** Two-way agent status sync. */
  readonly status: StatusBridge;
  /** Time source for the one deferred publication; defaults to {@link realClock}. */
  readonly clock?: Clock;
}


/** Log event types this connector emits (so tests and readers can tell them from the library's). */
export const ConnectorLog = {
  CONFIG_ERROR: 'CONNECTOR_CONFIG_ERROR',
  INIT_ERROR: 'CONNECTOR_INIT_ERROR',
  PARTNER_EVENT: 'CONNECTOR_PARTNER_EVENT',
  PUBLISH_FAILED: 'CONNECTOR_PUBLISH_FAILED',
  MESSAGE: 'CONNECTOR_MESSAGE',
  WRAP_UP_FAILED: 'CONNECTOR_WRAP_UP_FAILED',
  CONTACT_FILTER: 'CONNECTOR_CONTACT_FILTER',
  RECORDING_URL: 'CONNECTOR_RECORDING_URL',
  DOWNLOAD_LOGS_FAILED: 'CONNECTOR_DOWNLOAD_LOGS_FAILED',
  SALESFORCE_LOG: 'SALESFORCE_LOG',
} as const;

/** Call-related keys whose values may hold numbers or names; never kept in the vendor log. */
const PRIVATE_KEYS = new Set(['phoneNumber', 'number', 'name', 'callAttributes', 'contact', 'from', 'to', 'supervisorName']);

const ROLE_BY_PARTICIPANT_TYPE: Readonly<Record<string, CallRole>> = {
  [Constants.PARTICIPANT_TYPE.INITIAL_CALLER]: 'customer',
  [Constants.PARTICIPANT_TYPE.THIRD_PARTY]: 'thirdParty',
  [Constants.PARTICIPANT_TYPE.SUPERVISOR]: 'supervisor',
};

/** `GET_PHONE_CONTACTS` filter types (`Constants.CONTACTS_FILTER_TYPES`) → directory entry types. */
const DIRECTORY_TYPES_BY_FILTER: Readonly<Record<string, readonly PartnerContact['type'][]>> = {
  AGENT: ['agent'],
  QUEUE: ['queue'],
  CONTACT: ['phonebook'],
  DIRECTORY: ['phonebook'],
  FLOW: [],
  AVAILABLE: ['agent'],
};

function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

/** A caught error's message, scrubbed of phone numbers. */
function messageOf(e: unknown): string {
  return toConnectorError(e).message;
}

/** The Service Cloud Voice connector backed by a {@link PartnerTelephony}. */
export class Connector extends BaseVendorConnector {
  private readonly partner: PartnerTelephony;
  private readonly status: StatusBridge;
  private readonly clock: Clock;
  private readonly unsubscribe: () => void;
  /** Supervisor legs that barged in (reported in `callAttributes.hasSupervisorBargedIn`). */
  private readonly bargedIn = new Set<string>();
  /** Customer calls already reported as `HANGUP`: their third parties end silently with them. */
  private readonly hungUp = new Set<string>();
  private selectedPhone = new Phone({ type: Constants.PHONE_TYPE.SOFT_PHONE });
  private connected = false;
  private lastCustomerCallId: string | null = null;
  private afterCallWorkTimer: TimerHandle | null = null;
  /** `isACWAllowed` of the call center (after-call work on unless it says `false`). */
  private acwAllowed = true;

  constructor(options: ConnectorOptions) {
    super();
    this.partner = options.partner;
    this.status = options.status;
    this.clock = options.clock ?? realClock;
    this.unsubscribe = this.partner.subscribe((event) => this.onPartnerEvent(event));
  }

  /** Stops listening to the partner (the page is going away). */
  dispose(): void {
    this.unsubscribe();
    if (this.afterCallWorkTimer !== null) this.clock.clearTimeout(this.afterCallWorkTimer);
    this.afterCallWorkTimer = null;
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /**
   * Salesforce opened the port: configure the status sync and report ready.
   *
   * @remarks
   * Never rejects (a rejection makes the library report `CAN_NOT_LOG_IN` and never post
   * `CONNECTOR_READY`): problems are logged with `isError: true` and init resolves.
   */
  override init(config: unknown): Promise<InitResult> {
    markSalesforceConnected();
    this.connected = true;
    if (!isRecord(config)) {
      publishLog(ConnectorLog.CONFIG_ERROR, { message: `callCenterConfig must be an object, got ${config === null ? 'null' : typeof config}; using defaults` }, true);
    }
    const acw = isRecord(config) ? config.isACWAllowed : undefined;
    this.acwAllowed = acw !== false && acw !== 'false';
    try {
      this.status.configure(isRecord(config) ? config : {});
    } catch (e) {
      publishLog(ConnectorLog.INIT_ERROR, { message: `status sync configuration failed: ${messageOf(e)}` }, true);
    }
    const customer = this.activeLegs().find((leg) => leg.role === 'customer');
    if (customer) this.lastCustomerCallId = customer.id;
    return Promise.resolve(new InitResult({}));
  }

  /**
   * Live calls with their live state; a call in wrap-up is not active.
   *
   * @remarks
   * The library sends `HANGUP` after `END_CALL` only when this is empty, and replays it
   * on `CONNECTOR_READY` (`callInProgress`) and `AGENT_AVAILABLE`.
   */
  override getActiveCalls(): Promise<ActiveCallsResult> {
    return Promise.resolve(new ActiveCallsResult({ activeCalls: this.activeLegs().map((leg) => this.phoneCall(leg)) }));
  }

  override getAgentConfig(): Promise<AgentConfigResult> {
    return Promise.resolve(
      new AgentConfigResult({
        phones: [Constants.PHONE_TYPE.SOFT_PHONE, Constants.PHONE_TYPE.DESK_PHONE] as unknown as Phone[],
        selectedPhone: this.selectedPhone,
      }),
    );
  }

  /**
   * Selects the soft phone or a desk phone.
   *
   * @remarks
   * A desk phone needs a number (7–15 digits, optional leading `+`, separators allowed);
   * otherwise it rejects with `CAN_NOT_UPDATE_PHONE_NUMBER`. Anything else rejects with
   * `INVALID_PARAMS` (the library reports `CAN_NOT_SET_AGENT_CONFIG`).
   */
  override setAgentConfig(config: unknown): Promise<GenericResult> {
    const phone = isRecord(config) ? config.selectedPhone : undefined;
    const type = stringField(phone, 'type');
    if (type === Constants.PHONE_TYPE.SOFT_PHONE) {
      this.selectedPhone = new Phone({ type });
    } else if (type === Constants.PHONE_TYPE.DESK_PHONE) {
      const number = stringField(phone, 'number');
      if (number === undefined || !isDialable(number, 7)) {
        return Promise.reject(connectorError(ErrorType.CAN_NOT_UPDATE_PHONE_NUMBER, 'desk phone number must be 7-15 digits'));
      }
      this.selectedPhone = new Phone({ type, number });
    } else {
      return Promise.reject(
        connectorError(ErrorType.INVALID_PARAMS, `selectedPhone.type must be ${Constants.PHONE_TYPE.SOFT_PHONE} or ${Constants.PHONE_TYPE.DESK_PHONE}, got ${String(type)}`),
      );
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

  /** Logs the agent out of the partner system (partner status `OFFLINE`), dropping pending status changes first. */
  override async logout(): Promise<LogoutResult> {
    await this.command(() => this.status.logout());
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
    this.cancelAfterCallWork();
    this.status.wrapUpCall().catch((e: unknown) => {
      publishLog(ConnectorLog.WRAP_UP_FAILED, { message: messageOf(e) }, true);
    });
  }

  // ───────────────────────────── calls ─────────────────────────────

  override async acceptCall(call: unknown): Promise<CallResult> {
    const leg = await this.command(() => {
      const ringing = this.findLeg(call, 'customer');
      return this.partner.acceptCall(ringing.id);
    });
    this.noteCustomer(leg);
    return new CallResult({ call: this.phoneCall(leg) });
  }

  override async declineCall(call: unknown): Promise<CallResult> {
    const leg = await this.command(() => this.partner.declineCall(this.findLeg(call, 'customer').id));
    return new CallResult({ call: this.phoneCall(leg, { agentStatus: 'DeclinedByAgent' }) });
  }

  /**
   * Ends a third-party leg alone, or the agent's whole call.
   *
   * @remarks
   * A call that already ended on the partner side (the customer hung up as the agent
   * clicked) resolves with that call as ended, so Salesforce can close it.
   */
  override async endCall(call: unknown, _agentStatus?: string): Promise<HangupResult> {
    const callId = stringField(call, 'callId');
    if (this.activeLegs().length === 0) {
      return new HangupResult({ calls: [endedPhoneCall(callId ?? 'unknown')] });
    }
    const ended = await this.command(() => {
      const leg = this.findLeg(call, 'customer');
      return leg.role === 'customer' ? this.partner.hangUp() : this.partner.hangUp(leg.id);
    });
    return new HangupResult({ calls: ended.map((leg) => this.phoneCall(leg)) });
  }

  override async dial(contact: unknown): Promise<CallResult> {
    const leg = await this.command(async () => this.partner.dial(await this.destinationOf(contact)));
    this.noteCustomer(leg);
    return new CallResult({ call: this.phoneCall(leg) });
  }

  override async sendDigits(digits: unknown): Promise<void> {
    if (typeof digits !== 'string' || !/^[\d*#]+$/.test(digits)) {
      throw connectorError(ErrorType.INVALID_PARAMS, 'digits must be 0-9, * or #');
    }
    await this.command(() => this.partner.sendDigits(digits));
  }

  override async mute(): Promise<MuteToggleResult> {
    await this.command(() => this.partner.mute());
    return new MuteToggleResult({ isMuted: this.partner.isMuted() });
  }

  override async unmute(): Promise<MuteToggleResult> {
    await this.command(() => this.partner.unmute());
    return new MuteToggleResult({ isMuted: this.partner.isMuted() });
  }

  override async hold(call: unknown): Promise<HoldToggleResult> {
    await this.command(() => this.partner.hold(this.findLeg(call, 'customer').id));
    return this.holdState();
  }

  override async resume(call: unknown): Promise<HoldToggleResult> {
    await this.command(() => this.partner.resume(this.findLeg(call, 'customer').id));
    return this.holdState();
  }

  /** Holds `callToHold` and resumes `callToResume`, whichever party each one is. */
  override async swap(callToHold: unknown, callToResume: unknown): Promise<HoldToggleResult> {
    await this.command(() => this.partner.swap(this.findLeg(callToHold).id, this.findLeg(callToResume).id));
    return this.holdState();
  }

  override async conference(_calls?: unknown): Promise<HoldToggleResult> {
    await this.command(() => this.partner.conference());
    return this.holdState();
  }

  /**
   * Adds a third party to the agent's customer call (or hands the customer over).
   *
   * @remarks
   * With `isBlindTransfer` the agent leaves the call (partner → wrap-up); the library
   * then sends `HANGUP` itself.
   */
  override async addParticipant(contact: unknown, call: unknown, isBlindTransfer: unknown): Promise<ParticipantResult> {
    const blind = isBlindTransfer === true;
    const leg = await this.command(async () => {
      const named = this.findLeg(call, 'customer');
      const parent = named.role === 'thirdParty' && named.parentId !== undefined ? named.parentId : named.id;
      return this.partner.addParticipant(await this.destinationOf(contact), parent, blind);
    });
    return new ParticipantResult({
      initialCallHasEnded: blind,
      callInfo: callInfoOf(leg, this.flags()),
      phoneNumber: leg.phoneNumber,
      callId: leg.id,
    });
  }

  override async pauseRecording(_call?: unknown): Promise<RecordingToggleResult> {
    await this.command(() => this.partner.pauseRecording());
    return new RecordingToggleResult({ isRecordingPaused: this.partner.isRecordingPaused() });
  }

  override async resumeRecording(_call?: unknown): Promise<RecordingToggleResult> {
    await this.command(() => this.partner.resumeRecording());
    return new RecordingToggleResult({ isRecordingPaused: this.partner.isRecordingPaused() });
  }

  // ───────────────────────────── directory ─────────────────────────────

  /**
   * Searches the partner's directory.
   *
   * @remarks
   * Reads the library's filter `{ contains, type | types, limit, offset }`: `AGENT`,
   * `QUEUE`, `CONTACT`/`DIRECTORY` (phone book) and `AVAILABLE` (available agents) map to
   * the partner's {@link ContactFilter}; `FLOW` matches nothing here. Unknown types and
   * malformed fields are logged and ignored.
   */
  override async getPhoneContacts(filter?: unknown): Promise<PhoneContactsResult> {
    const entries = await this.command(() => this.partner.searchContacts(this.contactFilterOf(filter)));
    return new PhoneContactsResult({ contacts: entries.map(toContact), contactTypes: [...SUPPORTED_CONTACT_TYPES] });
  }

  // ───────────────────────────── supervisor ─────────────────────────────

  override async superviseCall(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    const leg = await this.command(() => this.partner.superviseCall(this.supervisedCallId(supervisedCallInfo)));
    return new SuperviseCallResult({ call: this.phoneCall(leg) });
  }

  override async supervisorBargeIn(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    const leg = await this.command(() => this.partner.bargeIn(this.supervisedCallId(supervisedCallInfo)));
    this.bargedIn.add(leg.id);
    return new SuperviseCallResult({ call: this.phoneCall(leg) });
  }

  override async supervisorDisconnect(_supervisedCallInfo?: unknown): Promise<SupervisorHangupResult> {
    const ended = await this.command(() => this.partner.supervisorDisconnect());
    const calls = ended.map((leg) => this.phoneCall(leg));
    for (const leg of ended) this.bargedIn.delete(leg.id);
    return new SupervisorHangupResult({ calls });
  }

  // ───────────────────────────── misc ─────────────────────────────

  /** The simulated partner keeps no recordings: always `success: false` (see the class remarks). */
  override getSignedRecordingUrl(_recordingUrl?: unknown, _vendorCallKey?: unknown, callId?: unknown): Promise<SignedRecordingUrlResult> {
    publishLog(ConnectorLog.RECORDING_URL, { message: 'no recordings kept', callId: typeof callId === 'string' ? callId : null });
    return Promise.resolve(new SignedRecordingUrlResult({ success: false }));
  }

  /** Messages from Lightning components: logged (type only), otherwise ignored. */
  override handleMessage(message: unknown): void {
    const messageType = stringField(message, 'type') ?? (message === null ? 'null' : typeof message);
    publishLog(ConnectorLog.MESSAGE, { messageType: scrubNumbers(messageType.slice(0, 100)), handled: false });
  }

  /** Downloads the library's log store (its default), reporting a browser that refuses. */
  override downloadLogs(logs: string[]): void {
    try {
      super.downloadLogs(logs);
    } catch (e) {
      publishLog(ConnectorLog.DOWNLOAD_LOGS_FAILED, { message: messageOf(e) }, true);
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
      { level, message: scrubNumbers(String(message)), ...(payload === undefined ? {} : { payload: sanitize(payload, 0) }) },
      level === Constants.LOG_LEVEL.ERROR,
    );
  }

  // ───────────────────────────── partner events ─────────────────────────────

  private onPartnerEvent(event: PartnerEvent): void {
    if ('call' in event) this.noteCustomer(event.call);
    if (!this.connected) return;
    switch (event.type) {
      case 'incomingCall':
        this.publish('CALL_STARTED', new CallResult({ call: this.phoneCall(event.call) }));
        break;
      case 'remoteAnswered':
        this.onRemoteAnswered(event.call);
        break;
      case 'remoteHangup':
        this.onRemoteHangup(event.call);
        break;
      case 'callMissed': {
        const agentStatus = event.call.direction === 'inbound' ? 'MissedCallAgent' : 'MissedCallStatus';
        const call = this.phoneCall(event.call, { reason: Constants.HANGUP_REASON.PHONE_CALL_ERROR, agentStatus });
        this.publish('HANGUP', new HangupResult({ calls: [call] }));
        break;
      }
      case 'callStateChanged':
        // A call's leg events all come before its state change, so this call's are done.
        this.hungUp.clear();
        if (event.state === 'wrapup') this.scheduleAfterCallWork();
        else if (event.previous === 'wrapup') this.cancelAfterCallWork();
        break;
      case 'callRefused':
        publishLog(ConnectorLog.PARTNER_EVENT, { event: event.type, reason: scrubNumbers(event.reason) });
        break;
      case 'statusChanged':
      case 'stateChanged':
        // The status bridge owns status; `stateChanged` only prompts the simulator's STATE.
        break;
    }
  }

  private onRemoteAnswered(leg: PartnerCall): void {
    if (leg.role === 'customer') {
      this.publish('CALL_CONNECTED', new CallResult({ call: this.phoneCall(leg) }));
    } else if (leg.role === 'thirdParty') {
      this.publish(
        'PARTICIPANT_CONNECTED',
        new ParticipantResult({ initialCallHasEnded: false, callInfo: callInfoOf(leg, this.flags()), phoneNumber: leg.phoneNumber, callId: leg.id }),
      );
    } else {
      publishLog(ConnectorLog.PARTNER_EVENT, { event: 'remoteAnswered', callId: leg.id, role: leg.role, handled: false });
    }
  }

  private onRemoteHangup(leg: PartnerCall): void {
    const call = this.phoneCall(leg);
    if (leg.role === 'supervisor') {
      this.bargedIn.delete(leg.id);
      this.publish('SUPERVISOR_HANGUP', new SupervisorHangupResult({ calls: [call] }));
    } else if (leg.role === 'customer') {
      this.hungUp.add(leg.id);
      this.publish('HANGUP', new HangupResult({ calls: [call] }));
    } else if (leg.parentId !== undefined && this.hungUp.has(leg.parentId)) {
      // Ended with its customer call, whose HANGUP already closed everything in Salesforce.
      publishLog(ConnectorLog.PARTNER_EVENT, { event: 'remoteHangup', callId: leg.id, role: leg.role, handled: false, reason: 'ended with its customer call' });
    } else {
      this.publish('PARTICIPANT_REMOVED', new CallResult({ call }));
    }
  }

  private scheduleAfterCallWork(): void {
    this.cancelAfterCallWork();
    const callId = this.lastCustomerCallId;
    if (callId === null) return;
    this.afterCallWorkTimer = this.clock.setTimeout(() => {
      this.afterCallWorkTimer = null;
      if (this.partner.getCallState() !== 'wrapup') return;
      // Without after-call work Salesforce never sends WRAP_UP_CALL: end it here.
      if (this.acwAllowed) this.publish('AFTER_CALL_WORK_STARTED', { callId });
      else this.wrapUpCall();
    }, 0);
  }

  private cancelAfterCallWork(): void {
    if (this.afterCallWorkTimer === null) return;
    this.clock.clearTimeout(this.afterCallWorkTimer);
    this.afterCallWorkTimer = null;
  }

  private publish<E extends PublishableEvent>(eventType: E, payload: PublishablePayloads[E]): void {
    publishEvent(eventType, payload).catch((e: unknown) => {
      publishLog(ConnectorLog.PUBLISH_FAILED, { eventType, message: messageOf(e) }, true);
    });
  }

  // ───────────────────────────── helpers ─────────────────────────────

  /** Runs a partner command; any rejection becomes a {@link ConnectorError} (see `./errors`). */
  private async command<T>(run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw toConnectorError(e);
    }
  }

  /** Live legs the agent is on; none while in wrap-up (the call is over for Salesforce). */
  private activeLegs(): readonly PartnerCall[] {
    const wrapUp = this.partner.getCallState() === 'wrapup';
    return this.partner.getCalls().filter((leg) => leg.state !== 'ended' && (!wrapUp || leg.role === 'supervisor'));
  }

  private flags(): LiveCallFlags {
    return { isMuted: this.partner.isMuted(), isRecordingPaused: this.partner.isRecordingPaused(), bargedIn: this.bargedIn };
  }

  private phoneCall(leg: PartnerCall, extras?: PhoneCallExtras): PhoneCall {
    return toPhoneCall(leg, this.flags(), extras);
  }

  private noteCustomer(leg: PartnerCall): void {
    if (leg.role === 'customer') this.lastCustomerCallId = leg.id;
  }

  /**
   * The live leg Salesforce means.
   *
   * @remarks
   * By `callId` when given (an unknown id is refused rather than guessed: a stale id must
   * not act on another call); without one, by `callAttributes.participantType`, then by
   * `fallbackRole` (the newest live leg of that role).
   */
  private findLeg(call: unknown, fallbackRole?: CallRole): PartnerCall {
    const live = this.partner.getCalls().filter((leg) => leg.state !== 'ended');
    const callId = stringField(call, 'callId');
    if (callId !== undefined) {
      const byId = live.find((leg) => leg.id === callId);
      if (byId) return byId;
      throw connectorError(ErrorType.INVALID_PARTICIPANT, `no live call with id "${callId}" (live: ${describeIds(live)})`);
    }
    const participantType = stringField(isRecord(call) ? call.callAttributes : undefined, 'participantType');
    const role = (participantType !== undefined ? ROLE_BY_PARTICIPANT_TYPE[participantType] : undefined) ?? fallbackRole;
    const byRole = role === undefined ? undefined : [...live].reverse().find((leg) => leg.role === role);
    if (byRole) return byRole;
    throw connectorError(ErrorType.INVALID_PARTICIPANT, `no live ${role ?? 'call'} leg matches (live: ${describeIds(live)})`);
  }

  private holdState(): HoldToggleResult {
    const live = this.activeLegs();
    return new HoldToggleResult({
      isCustomerOnHold: live.some((leg) => leg.role === 'customer' && leg.state === 'held'),
      isThirdPartyOnHold: live.some((leg) => leg.role === 'thirdParty' && leg.state === 'held'),
      calls: live.map((leg) => this.phoneCall(leg)),
    });
  }

  /** The number to call for a Salesforce `Contact`: its number (with prefix), or its directory entry's. */
  private async destinationOf(contact: unknown): Promise<string> {
    const number = stringField(contact, 'phoneNumber');
    if (number !== undefined) {
      const prefix = stringField(contact, 'prefix');
      const full = prefix !== undefined && !number.startsWith('+') ? `${prefix}${number}` : number;
      if (!isDialable(full, 3)) throw connectorError(ErrorType.INVALID_DESTINATION, 'phone number must be 3-15 digits (+ and separators allowed)');
      return full;
    }
    const id = stringField(contact, 'id');
    if (id !== undefined) {
      const entry = (await this.partner.searchContacts({})).find((candidate) => candidate.id === id);
      if (entry?.phoneNumber !== undefined) return entry.phoneNumber;
    }
    throw connectorError(ErrorType.INVALID_DESTINATION, 'contact has no phone number, nor a directory entry with one');
  }

  private supervisedCallId(info: unknown): string {
    const callId = stringField(info, 'callId');
    if (callId === undefined) throw connectorError(ErrorType.INVALID_PARAMS, 'supervisedCallInfo.callId is required');
    return callId;
  }

  /** The partner filter for the library's filter; what is malformed is logged and left out. */
  private contactFilterOf(filter: unknown): ContactFilter {
    const result: { -readonly [K in keyof ContactFilter]: ContactFilter[K] } = {};
    if (filter === undefined || filter === null) return result;
    if (!isRecord(filter)) {
      publishLog(ConnectorLog.CONTACT_FILTER, { message: `filter must be an object, got ${typeof filter}; ignored` }, true);
      return result;
    }
    const problems: string[] = [];
    const { contains } = filter;
    if (typeof contains === 'string') result.contains = contains;
    else if (contains !== undefined) problems.push('contains must be a string');
    // Types this directory does not serve (FLOW) add no entry type: `types: []` then matches nothing.
    for (const type of [filter.type, ...(Array.isArray(filter.types) ? (filter.types as unknown[]) : [filter.types])]) {
      if (type === undefined || type === null) continue;
      const upper = typeof type === 'string' ? type.toUpperCase() : '';
      const mapped = DIRECTORY_TYPES_BY_FILTER[upper];
      if (mapped === undefined) {
        problems.push(`unknown contact type ${JSON.stringify(type)} (expected ${Object.keys(DIRECTORY_TYPES_BY_FILTER).join(', ')})`);
        continue;
      }
      if (upper === 'AVAILABLE') result.availableOnly = true;
      result.types = [...(result.types ?? []), ...mapped];
    }
    for (const key of ['limit', 'offset'] as const) {
      const value = filter[key];
      if (isCount(value)) result[key] = value;
      else if (value !== undefined && value !== null) problems.push(`${key} must be a whole number >= 0`);
    }
    if (problems.length > 0) publishLog(ConnectorLog.CONTACT_FILTER, { message: problems.join('; ') }, true);
    return result;
  }
}

/** A number the agent can dial: digits with the usual separators, `minDigits` (3: extensions) to 15 (E.164) digits. */
function isDialable(text: string, minDigits: number): boolean {
  const digits = text.replace(/\D/g, '').length;
  return /^\+?[\d\s().-]+$/.test(text) && digits >= minDigits && digits <= 15;
}

function describeIds(legs: readonly PartnerCall[]): string {
  return legs.length === 0 ? 'none' : legs.map((leg) => leg.id).join(', ');
}

/** A copy of Salesforce's log payload without call parties' numbers and names, bounded in depth. */
function sanitize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubNumbers(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 4) return '[…]';
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!PRIVATE_KEYS.has(key)) copy[key] = sanitize(item, depth + 1);
  }
  return copy;
}
