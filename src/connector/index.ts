/**
 * The connector: the `VendorConnector` adapter, its call mapping and error mapping, and
 * the status bridge it delegates to.
 */
export { Connector, ConnectorLog, type ConnectorOptions } from './connector';
export { SUPPORTED_CONTACT_TYPES, callInfoOf, callStateOf, callTypeOf, endedPhoneCall, toContact, toPhoneCall, type LiveCallFlags, type PhoneCallExtras } from './call-mapping';
export { ErrorType, connectorError, isConnectorError, scrubNumbers, toConnectorError, type ConnectorError } from './errors';
export type { StatusBridge } from './status-bridge';
export { StatusSyncBridge } from './status-sync-bridge';
