/**
 * What the connector tells Salesforce about itself: the agent's phone, the capabilities,
 * recordings; and Salesforce's log lines, messages and log download.
 *
 * @remarks
 * Recordings: the simulated partner keeps none, so `getSignedRecordingUrl` answers
 * `success: false` (Salesforce's player shows its "recording unavailable" message) and
 * the capabilities say `hasSignedRecordingUrl: false`.
 */
import { redact, scrubNumbers } from '../salesforce/privacy';
import {
  AgentConfigResult,
  CapabilitiesResult,
  Constants,
  downloadVendorLogs,
  GenericResult,
  logLocally,
  Phone,
  publishLog,
  SignedRecordingUrlResult,
} from '../salesforce/scv';
import { ConnectorLog, safeMessageOf } from './connector-log';
import { toConnectorError } from './errors';
import { selectedPhoneOf, stringField } from './salesforce-input';

/** The agent's phone, the capabilities and the vendor log (the `VendorConnector` methods delegate here). */
export class AgentSettings {
  private selectedPhone = new Phone({ type: Constants.PHONE_TYPE.SOFT_PHONE });

  getAgentConfig(): Promise<AgentConfigResult> {
    return Promise.resolve(
      new AgentConfigResult({
        phones: [Constants.PHONE_TYPE.SOFT_PHONE, Constants.PHONE_TYPE.DESK_PHONE] as unknown as Phone[],
        selectedPhone: this.selectedPhone,
      }),
    );
  }

  /** Selects the soft phone or a desk phone (see `selectedPhoneOf` for what is refused). */
  setAgentConfig(config: unknown): Promise<GenericResult> {
    try {
      this.selectedPhone = selectedPhoneOf(config);
    } catch (e) {
      return Promise.reject(toConnectorError(e));
    }
    return Promise.resolve(new GenericResult({ success: true }));
  }

  getCapabilities(): Promise<CapabilitiesResult> {
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

  /** The simulated partner keeps no recordings: always `success: false` (see the file comment). */
  getSignedRecordingUrl(callId: unknown): Promise<SignedRecordingUrlResult> {
    publishLog(ConnectorLog.RECORDING_URL, { message: 'no recordings kept', callId: typeof callId === 'string' ? callId : null });
    return Promise.resolve(new SignedRecordingUrlResult({ success: false }));
  }

  /** Messages from Lightning components: logged (type only), otherwise ignored. */
  handleMessage(message: unknown): void {
    const messageType = stringField(message, 'type') ?? (message === null ? 'null' : typeof message);
    publishLog(ConnectorLog.MESSAGE, { messageType: scrubNumbers(messageType.slice(0, 100)), handled: false });
  }

  /** Downloads the library's log store, redacted, reporting a browser that refuses. */
  downloadLogs(logs: string[]): void {
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
  logMessageToVendor(logLevel: unknown, message: unknown, payload?: unknown): void {
    const level = typeof logLevel === 'string' ? logLevel : Constants.LOG_LEVEL.INFO;
    logLocally(
      ConnectorLog.SALESFORCE_LOG,
      { level, message: scrubNumbers(String(message)), ...(payload === undefined ? {} : { payload: redact(payload) }) },
      level === Constants.LOG_LEVEL.ERROR,
    );
  }
}
