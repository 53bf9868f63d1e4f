/**
 * The one typed doorway to `@salesforce/scv-connector-base` 3.6.2.
 *
 * @remarks
 * The library's `ts-declaration/` is incomplete in places: `publishEvent`'s event-type
 * union lacks `SET_AGENT_STATUS` (and the ACW events), `registerLog` is declared
 * required although it defaults to `true`, `publishLog` throws when called before
 * `SETUP_CONNECTOR` opened the port, and `getAgentStatus` is declared to return
 * `AgentStatusInfo` while the library validates `AgentVendorStatusInfo`. Those gaps are
 * closed here, once; nothing else in `src/` imports the library directly, and no `any`
 * leaves this file.
 */
import * as scv from '@salesforce/scv-connector-base';

export {
  ActiveCallsResult,
  AgentConfig,
  AgentConfigResult,
  AgentStatusInfo,
  AgentVendorStatusInfo,
  CallInfo,
  CallResult,
  CapabilitiesResult,
  Contact,
  CustomError,
  GenericResult,
  HangupResult,
  HoldToggleResult,
  InitResult,
  LogoutResult,
  MuteToggleResult,
  ParticipantResult,
  Phone,
  PhoneCall,
  PhoneCallAttributes,
  PhoneContactsResult,
  RecordingToggleResult,
  SignedRecordingUrlResult,
  SupervisedCallInfo,
  SuperviseCallResult,
  SupervisorHangupResult,
  VendorConnector,
} from '@salesforce/scv-connector-base';

/** String constants of the base library (call types, states, participant types …). */
export const Constants = scv.Constants;

/**
 * Telephony events a connector may publish, with the payload class each one needs.
 *
 * @remarks
 * The base library drops (and reports as an error) any payload that is not an instance
 * of the class named here, so the map is checked by the compiler at every call site.
 */
export interface PublishablePayloads {
  LOGIN_RESULT: scv.GenericResult;
  LOGOUT_RESULT: scv.LogoutResult;
  CALL_STARTED: scv.CallResult;
  QUEUED_CALL_STARTED: scv.CallResult;
  CALL_CONNECTED: scv.CallResult;
  HANGUP: scv.HangupResult;
  PARTICIPANT_ADDED: scv.ParticipantResult;
  PARTICIPANT_CONNECTED: scv.ParticipantResult;
  PARTICIPANT_REMOVED: scv.CallResult;
  PARTICIPANTS_SWAPPED: scv.HoldToggleResult;
  PARTICIPANTS_CONFERENCED: scv.HoldToggleResult;
  MUTE_TOGGLE: scv.MuteToggleResult;
  HOLD_TOGGLE: scv.HoldToggleResult;
  RECORDING_TOGGLE: scv.RecordingToggleResult;
  AFTER_CALL_WORK_STARTED: { callId: string };
  WRAP_UP_ENDED: Record<string, never> | { callId: string };
  SUPERVISOR_CALL_STARTED: scv.SuperviseCallResult;
  SUPERVISOR_CALL_CONNECTED: scv.SuperviseCallResult;
  SUPERVISOR_BARGED_IN: scv.SuperviseCallResult;
  SUPERVISOR_HANGUP: scv.SupervisorHangupResult;
  SET_AGENT_STATUS: scv.AgentStatusInfo;
}

/** A telephony event type this connector publishes. */
export type PublishableEvent = keyof PublishablePayloads;

type UntypedPublishEvent = (param: { eventType: string; payload: unknown; registerLog?: boolean }) => Promise<void>;
type UntypedPublishLog = (param: { eventType: string; payload: unknown; isError: boolean }) => void;

/**
 * Publishes a telephony event to Salesforce.
 *
 * @remarks
 * The base library validates the payload class and, for `SET_AGENT_STATUS`, sends only
 * `{ statusId }`. It must not be called before `SETUP_CONNECTOR` (the port does not
 * exist yet); {@link isSalesforceConnected} tells whether it may.
 */
export function publishEvent<E extends PublishableEvent>(
  eventType: E,
  payload: PublishablePayloads[E],
  registerLog = true,
): Promise<void> {
  return (scv.publishEvent as unknown as UntypedPublishEvent)({ eventType, payload, registerLog });
}

let connected = false;

/** How many log lines written before Salesforce connects are kept for it. */
export const EARLY_LOG_LIMIT = 50;

/** Lines logged before `SETUP_CONNECTOR` (e.g. "storage blocked"), replayed once it arrives. */
let early: { eventType: string; payload: Record<string, unknown>; isError: boolean }[] = [];

/**
 * Marks the Salesforce port as open (the connector's `init` runs only after it is) and
 * replays the lines logged before, so Salesforce sees start-up warnings too.
 */
export function markSalesforceConnected(): void {
  connected = true;
  const replay = early;
  early = [];
  for (const line of replay) publishLog(line.eventType, line.payload, line.isError);
}

/** True once `SETUP_CONNECTOR` has opened the port to Salesforce. */
export function isSalesforceConnected(): boolean {
  return connected;
}

/** Severity of a log line. */
export type LogLevel = 'INFO' | 'ERROR';

/**
 * Logs a structured message through the base library.
 *
 * @remarks
 * Once Salesforce is connected the line is published as a `LOG` message (and kept in
 * the library's own log store, which `DOWNLOAD_VENDOR_LOGS` downloads). Before that,
 * the newest {@link EARLY_LOG_LIMIT} lines are held and replayed on connection (the
 * port does not exist yet). The payload must be a plain object: the library copies only
 * enumerable properties, so an `Error` would arrive as `{}`. Never put phone numbers or
 * names in it.
 */
export function publishLog(eventType: string, payload: Record<string, unknown>, isError = false): void {
  if (connected) {
    (scv.publishLog as unknown as UntypedPublishLog)({ eventType, payload, isError });
    return;
  }
  early.push({ eventType, payload, isError });
  if (early.length > EARLY_LOG_LIMIT) early.shift();
}

type UntypedLog = (logMessage: unknown, logLevel: string, logSource?: string) => void;

/**
 * Writes a line to the library's own log store only: what `DOWNLOAD_VENDOR_LOGS`
 * downloads. Nothing is sent to Salesforce (for lines that came from it).
 */
export function logLocally(eventType: string, payload: Record<string, unknown>, isError = false): void {
  (scv.log as unknown as UntypedLog)({ eventType, payload }, isError ? 'ERROR' : 'INFO', 'PARTNER');
}

/** Registers the connector with the base library (listens for `SETUP_CONNECTOR`). */
export function initializeConnector(connector: scv.VendorConnector | VendorConnectorMethods): void {
  scv.initializeConnector(connector as scv.VendorConnector);
}

/**
 * Every `VendorConnector` method, declared as the 3.6.2 library really calls it.
 *
 * @remarks
 * The library's declarations disagree with its behaviour in places: `getAgentStatus` is
 * validated as `AgentVendorStatusInfo` (declared `AgentStatusInfo`), `getPhoneContacts`
 * receives the `filter` of `GET_PHONE_CONTACTS` (declared without parameters), and the
 * `call`/`contact`/`config` arguments are whatever Salesforce posted (plain objects after
 * structured cloning, possibly malformed), so they are `unknown` here.
 */
export interface VendorConnectorMethods {
  init(config: unknown): Promise<scv.InitResult>;
  getActiveCalls(): Promise<scv.ActiveCallsResult>;
  acceptCall(call: unknown): Promise<scv.CallResult>;
  declineCall(call: unknown): Promise<scv.CallResult>;
  endCall(call: unknown, agentStatus?: unknown): Promise<scv.HangupResult>;
  mute(): Promise<scv.MuteToggleResult>;
  unmute(): Promise<scv.MuteToggleResult>;
  hold(call: unknown): Promise<scv.HoldToggleResult>;
  resume(call: unknown): Promise<scv.HoldToggleResult>;
  setAgentStatus(agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<scv.GenericResult>;
  getAgentStatus(): Promise<scv.AgentVendorStatusInfo>;
  dial(contact: unknown): Promise<scv.CallResult>;
  sendDigits(digits: unknown): Promise<void>;
  getPhoneContacts(filter?: unknown): Promise<scv.PhoneContactsResult>;
  swap(callToHold: unknown, callToResume: unknown): Promise<scv.HoldToggleResult>;
  conference(calls?: unknown): Promise<scv.HoldToggleResult>;
  addParticipant(contact: unknown, call: unknown, isBlindTransfer: unknown): Promise<scv.ParticipantResult>;
  pauseRecording(call?: unknown): Promise<scv.RecordingToggleResult>;
  resumeRecording(call?: unknown): Promise<scv.RecordingToggleResult>;
  getAgentConfig(): Promise<scv.AgentConfigResult>;
  setAgentConfig(config: unknown): Promise<scv.GenericResult>;
  getCapabilities(): Promise<scv.CapabilitiesResult>;
  logout(): Promise<scv.LogoutResult>;
  handleMessage(message: unknown): void;
  wrapUpCall(call?: unknown): void;
  getSignedRecordingUrl(recordingUrl?: unknown, vendorCallKey?: unknown, callId?: unknown): Promise<scv.SignedRecordingUrlResult>;
  /** The library's default triggers a browser download of its log store. */
  downloadLogs(logs: string[]): void;
  logMessageToVendor(logLevel: unknown, message: unknown, payload?: unknown): void;
  superviseCall(supervisedCallInfo: unknown): Promise<scv.SuperviseCallResult>;
  supervisorDisconnect(supervisedCallInfo?: unknown): Promise<scv.SupervisorHangupResult>;
  supervisorBargeIn(supervisedCallInfo: unknown): Promise<scv.SuperviseCallResult>;
}

/**
 * The library's `VendorConnector` class typed with {@link VendorConnectorMethods}: extend
 * this one (it is the library's class at run time, so its defaults, e.g. `downloadLogs`,
 * are inherited).
 */
export const BaseVendorConnector = scv.VendorConnector as unknown as new () => VendorConnectorMethods;
