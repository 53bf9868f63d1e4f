/**
 * Reads the status sync's part of `callCenterConfig` (CONTRACT §3) into a mapping table
 * and a policy, reporting every problem through the base library's log.
 */
import { publishLog } from '../salesforce/scv';
import { MappingTable } from '../status-sync/mapping-table';
import { parsePresenceStatuses } from '../status-sync/presence';
import { parseOnCallPolicy, parseStatusMap } from '../status-sync/status-map';
import type { OnCallPolicy } from '../status-sync/types';
import type { StatusCatalogue } from '../vocabulary/status-catalogue';

/** Config keys read from `callCenterConfig` (CONTRACT §3). */
const CONFIG_KEYS = {
  presence: 'userPresenceStatuses',
  statusMap: '/statusSync/statusMap',
  onCallPolicy: '/statusSync/onCallPolicy',
} as const;

/** What the status sync runs with. */
export interface SyncConfig {
  readonly table: MappingTable;
  readonly policy: OnCallPolicy;
}

/**
 * Builds the mapping table and reads the policy. Never throws: each configuration issue
 * is one `STATUS_SYNC_CONFIG_ERROR` line, and what is valid is used.
 *
 * @param catalogue - the partner's status catalogue: `statusMap` may name only its codes
 * @param savedTable - the table persisted by an earlier load, used when Salesforce sent
 * no usable presence map (only the reserved Offline survived), as the guide asks the
 * partner to persist the statuses
 */
export function readSyncConfig(config: Readonly<Record<string, unknown>>, catalogue: StatusCatalogue, savedTable: MappingTable | null): SyncConfig {
  const presence = parsePresenceStatuses(config[CONFIG_KEYS.presence]);
  const statusMap = parseStatusMap(config[CONFIG_KEYS.statusMap], catalogue);
  const policy = parseOnCallPolicy(config[CONFIG_KEYS.onCallPolicy]);
  const savedStatuses = presence.statuses.length <= 1 && presence.issues.length > 0 ? savedTable?.statuses() : undefined;
  const built = MappingTable.build(savedStatuses ?? presence.statuses, statusMap.entries, catalogue);
  for (const issue of [...presence.issues, ...statusMap.issues, ...policy.issues, ...built.issues]) {
    publishLog('STATUS_SYNC_CONFIG_ERROR', { source: issue.source, entry: issue.entry ?? null, message: issue.message }, true);
  }
  if (savedStatuses) {
    publishLog('STATUS_SYNC_CONFIG_ERROR', { message: 'userPresenceStatuses unusable: keeping the statuses of the last good configuration' }, true);
  }
  const table = built.table;
  // Rule 7 leaves a partner status without a Salesforce status unpublished: say so now,
  // not only when it happens (e.g. partner LUNCH while Omni stays Available).
  const oneWay = catalogue.codes().filter((code) => table.toSalesforce(code) === undefined);
  if (oneWay.length > 0) {
    publishLog('STATUS_SYNC_CONFIG_WARNING', { message: `partner ${oneWay.join(', ')} unmapped: Omni keeps its status when the partner sets one (map each, e.g. NAME<${oneWay[0]})` }, true);
  }
  return { table, policy: policy.policy };
}
