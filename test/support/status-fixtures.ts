/**
 * Presence statuses and mapping tables shared by the status-sync tests: the guide's
 * example (`../shared/spec/user-presence-statuses.example.json`) plus two statuses the
 * example statusMap leaves unmapped, one routable and one not.
 */
import { MappingTable } from '../../src/status-sync/mapping-table';
import { parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseStatusMap } from '../../src/status-sync/status-map';
import type { PartnerStatusInfo } from '../../src/vocabulary/partner-status';

export const OFFLINE = '0';
export const AVAILABLE = '0N5xx0000004CSO';
export const AWAY = '0N5xx0000004D56';
export const BUSY = '0N5xx0000004D3U';
export const TRAINING = '0N5xx0000004T01';
export const AVAILABLE_2 = '0N5xx0000004A02';

export const EXAMPLE_STATUS_MAP = 'Available=AVAILABLE; Away=BREAK; Busy=MEETING';

/**
 * The statusMap dist/callcenter.xml ships (test/build/callcenter.test.ts holds them
 * equal): the example map plus a way back to Salesforce for every other partner code.
 */
export const SHIPPED_STATUS_MAP = 'Available=AVAILABLE; Away=BREAK; Busy=MEETING; Away<LUNCH; Away<TRAINING; Away<NOT_READY';

/** `userPresenceStatuses` as Salesforce sends it: a JSON string with string booleans. */
export const PRESENCE_JSON = JSON.stringify({
  [OFFLINE]: { statusName: 'Offline', hasChannels: 'false', isOffline: 'true', statusId: OFFLINE },
  [AVAILABLE]: { statusName: 'Available', hasChannels: 'true', isOffline: 'false', statusId: AVAILABLE },
  [AWAY]: { statusName: 'Away', hasChannels: 'false', isOffline: 'false', statusId: AWAY },
  [BUSY]: { statusName: 'Busy', hasChannels: 'false', isOffline: 'false', statusId: BUSY },
  [TRAINING]: { statusName: 'Training', hasChannels: 'false', isOffline: 'false', statusId: TRAINING },
  [AVAILABLE_2]: { statusName: 'Available Phone Only', hasChannels: 'true', isOffline: 'false', statusId: AVAILABLE_2 },
});

/**
 * A partner catalogue of its own, as a real system defines it (admin-defined statuses,
 * not-ready reason codes): none of it is the reference partner's seven codes but
 * `NOT_READY`.
 */
export const CUSTOM_CATALOGUE: readonly PartnerStatusInfo[] = [
  { code: 'READY', label: 'Ready', routable: true, offline: false },
  { code: 'NOT_READY:LUNCH', label: 'Lunch', routable: false, offline: false },
  { code: 'NOT_READY:TRAINING', label: 'Training', routable: false, offline: false },
  { code: 'NOT_READY', label: 'Not ready', routable: false, offline: false },
  { code: 'LOGGED_OUT', label: 'Logged out', routable: false, offline: true },
];

/** The mapping table for {@link PRESENCE_JSON} and `statusMap` (default: the example map). */
export function exampleTable(statusMap: string = EXAMPLE_STATUS_MAP): MappingTable {
  const presence = parsePresenceStatuses(PRESENCE_JSON);
  const map = parseStatusMap(statusMap);
  const built = MappingTable.build(presence.statuses, map.entries);
  const issues = [...presence.issues, ...map.issues, ...built.issues];
  if (issues.length > 0) throw new Error(`fixture has config issues: ${JSON.stringify(issues)}`);
  return built.table;
}
