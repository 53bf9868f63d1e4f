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
import { isRecord } from '../vocabulary/guards';
import { redact, redactLogLine } from './privacy';

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
const EARLY_LOG_LIMIT = 50;

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

/**
 * The base library's Salesforce-origin rule (its `windowMessageHandler`), which it does
 * not export: the origin's `protocol//hostname` must match.
 */
const SALESFORCE_ORIGIN =
  /^https:\/\/[\w-.]+(lightning\.[\w]+\.soma\.force\.com|\.lightning\.force\.com|\.lightning\.pc-rnd\.force\.com|\.stm\.force\.com|\.vf\.force\.com|\.salesforce\.com|\.my\.salesforce-sites\.com|\.lightning\.localhost\.[\w]+\.force.com)$/;

/** True for an origin the base library accepts `SETUP_CONNECTOR` from. */
export function isSalesforceOrigin(origin: unknown): boolean {
  if (typeof origin !== 'string') return false;
  try {
    const url = new URL(origin);
    return SALESFORCE_ORIGIN.test(`${url.protocol}//${url.hostname}`);
  } catch {
    return false;
  }
}

/** The parts of a window `message` event the screen reads. */
export interface WindowMessageLike {
  readonly data: unknown;
  readonly origin?: unknown;
  readonly ports?: ArrayLike<unknown>;
}

interface PortLike {
  postMessage(message: unknown, ...rest: unknown[]): void;
}

function isPortLike(value: unknown): value is PortLike {
  return typeof value === 'object' && value !== null && typeof (value as { postMessage?: unknown }).postMessage === 'function';
}

/**
 * Why a window message must not reach the base library, or `null` when it may.
 *
 * @remarks
 * The library reads `data.type` of every window message (a `null` throws), and removes its
 * listener after ANY `SETUP_CONNECTOR`, whatever its origin: one hostile frame would
 * silence Salesforce's real setup for good (CONTRACT §7.1). It may see only objects, and
 * of `SETUP_CONNECTOR`s only well-formed ones from a Salesforce origin (its own rule).
 */
export function screenWindowMessage(event: WindowMessageLike): string | null {
  if (!isRecord(event.data)) return 'a window message that is not an object';
  if (event.data.type !== 'SETUP_CONNECTOR') return null;
  if (!isSalesforceOrigin(event.origin)) return 'SETUP_CONNECTOR from an origin that is not Salesforce';
  if (!isPortLike(event.ports?.[0])) return 'SETUP_CONNECTOR without a MessagePort';
  return null;
}

/** How many screened-out window messages are logged (a hostile frame may post forever). */
const SCREEN_LOG_LIMIT = 3;
let screenedOut = 0;
/** Marks a port whose `postMessage` already redacts (every loaded copy of this module shares the window). */
const REDACTING = Symbol.for('scv-connector.redacting-port');

/**
 * Makes the port Salesforce handed over redact every `LOG` message before it leaves
 * (CONTRACT §7.2): the one choke point for what our code logs and for what the library
 * logs on our behalf (its echo of each channel message, of each telephony event, of
 * each error). Telephony events pass untouched: Salesforce needs their numbers.
 */
function redactLogsOn(port: PortLike): void {
  const marked = port as PortLike & { [REDACTING]?: true };
  if (marked[REDACTING]) return;
  const post = port.postMessage.bind(port);
  marked.postMessage = (message: unknown, ...rest: unknown[]) => post(redactedMessage(message), ...rest);
  marked[REDACTING] = true;
}

function redactedMessage(message: unknown): unknown {
  if (!isRecord(message) || message.type !== 'LOG' || !isRecord(message.payload)) return message;
  return { ...message, payload: { ...message.payload, payload: redact(message.payload.payload) } };
}

function screen(event: Event): void {
  const message = event as unknown as WindowMessageLike;
  const refusal = screenWindowMessage(message);
  if (refusal === null) {
    if (isRecord(message.data) && message.data.type === 'SETUP_CONNECTOR') redactLogsOn(message.ports?.[0] as PortLike);
    return;
  }
  // Listeners registered after this one (the library's) never see it.
  event.stopImmediatePropagation();
  if (screenedOut++ < SCREEN_LOG_LIMIT) publishLog('CONNECTOR_WINDOW_MESSAGE', { message: `ignored ${refusal}` }, true);
}

/**
 * Registers the connector with the base library (listens for `SETUP_CONNECTOR`), behind
 * a screen that lets only well-formed Salesforce setups through (see {@link screenWindowMessage}).
 */
export function initializeConnector(connector: scv.VendorConnector | VendorConnectorMethods): void {
  // Registered before the library's listener, so it runs first and can stop a message.
  globalThis.addEventListener?.('message', screen);
  scv.initializeConnector(connector as scv.VendorConnector);
}

/** The text of the vendor log file: the library's log lines, redacted (CONTRACT §7.2). */
export function vendorLogText(lines: readonly string[]): string {
  return lines.map((line) => redactLogLine(String(line))).join('');
}

/**
 * Downloads the vendor log (`DOWNLOAD_VENDOR_LOGS`) as the library would, but redacted:
 * the library's own download writes its raw log store, numbers, digits and names included.
 *
 * @throws whatever the browser throws when it refuses the download
 */
export function downloadVendorLogs(lines: readonly string[]): void {
  const file = new Blob([vendorLogText(lines)], { type: 'text/plain' });
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.download = `log-${new Date().getTime()}.txt`;
  link.href = url;
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    URL.revokeObjectURL(url);
  }
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
interface VendorConnectorMethods {
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
