/**
 * The connector's own log event types, and publishing to Salesforce without letting a
 * failed publication go unreported.
 */
import { publishEvent, publishLog, type PublishableEvent, type PublishablePayloads } from '../salesforce/scv';
import { toConnectorError } from './errors';

/** Log event types this connector emits (so tests and readers can tell them from the library's). */
export const ConnectorLog = {
  CONFIG_ERROR: 'CONNECTOR_CONFIG_ERROR',
  INIT_ERROR: 'CONNECTOR_INIT_ERROR',
  LOGIN: 'CONNECTOR_LOGIN',
  CONNECTION: 'CONNECTOR_PARTNER_CONNECTION',
  PARTNER_EVENT: 'CONNECTOR_PARTNER_EVENT',
  PUBLISH_FAILED: 'CONNECTOR_PUBLISH_FAILED',
  MESSAGE: 'CONNECTOR_MESSAGE',
  WRAP_UP_FAILED: 'CONNECTOR_WRAP_UP_FAILED',
  CONTACT_FILTER: 'CONNECTOR_CONTACT_FILTER',
  RECORDING_URL: 'CONNECTOR_RECORDING_URL',
  DOWNLOAD_LOGS_FAILED: 'CONNECTOR_DOWNLOAD_LOGS_FAILED',
  SALESFORCE_LOG: 'SALESFORCE_LOG',
} as const;

/** A caught error's message, scrubbed of phone numbers. */
export function safeMessageOf(e: unknown): string {
  return toConnectorError(e).message;
}

/** Publishes a telephony event to Salesforce; a failure is logged, never thrown. */
export function publish<E extends PublishableEvent>(eventType: E, payload: PublishablePayloads[E]): void {
  publishEvent(eventType, payload).catch((e: unknown) => {
    publishLog(ConnectorLog.PUBLISH_FAILED, { eventType, message: safeMessageOf(e) }, true);
  });
}
