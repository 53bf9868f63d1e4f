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
type UntypedLog = (logMessage: unknown, logLevel: string, logSource?: string) => void;

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

/** Marks the Salesforce port as open (the connector's `init` runs only after it is). */
export function markSalesforceConnected(): void {
  connected = true;
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
 * The line always goes to the library's own log store (what `DOWNLOAD_VENDOR_LOGS`
 * downloads). Once Salesforce is connected it is also published as a `LOG` message.
 * The payload must be a plain object: the library copies only enumerable properties,
 * so an `Error` would arrive as `{}`. Never put phone numbers or names in it.
 */
export function publishLog(eventType: string, payload: Record<string, unknown>, isError = false): void {
  if (connected) {
    (scv.publishLog as unknown as UntypedPublishLog)({ eventType, payload, isError });
  } else {
    (scv.log as unknown as UntypedLog)({ eventType, payload }, isError ? 'ERROR' : 'INFO', 'PARTNER');
  }
}

/** Registers the connector with the base library (listens for `SETUP_CONNECTOR`). */
export function initializeConnector(connector: scv.VendorConnector): void {
  scv.initializeConnector(connector);
}

/**
 * The `VendorConnector` methods whose 3.6.2 declarations disagree with the library's
 * behaviour, declared as the library really calls and validates them.
 *
 * @remarks
 * `getAgentStatus` is validated as `AgentVendorStatusInfo` (declared `AgentStatusInfo`),
 * and `getPhoneContacts` receives the `filter` of `GET_PHONE_CONTACTS` (declared without
 * parameters).
 */
export interface VendorConnectorFixes {
  getAgentStatus(): Promise<scv.AgentVendorStatusInfo>;
  getPhoneContacts(filter?: unknown): Promise<scv.PhoneContactsResult>;
}

/** The library's `VendorConnector` typed with {@link VendorConnectorFixes}; extend this one. */
export const BaseVendorConnector = scv.VendorConnector as unknown as new () => Omit<
  scv.VendorConnector,
  keyof VendorConnectorFixes
> &
  VendorConnectorFixes;
