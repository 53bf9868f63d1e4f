/**
 * Shared types of the status-sync module (pure: no DOM, no timers, no storage of its own).
 */
import type { PartnerStatus } from '../vocabulary/partner-status';
import type { PendingChange, SyncLogEntry } from '../vocabulary/sync-log';

/** One Omni-Channel presence status, as `userPresenceStatuses` describes it. */
export interface PresenceStatus {
  readonly statusId: string;
  readonly statusName: string;
  /** `true`: routable by a channel. */
  readonly hasChannels: boolean;
  /** `true` only for the offline status (statusId `"0"`). */
  readonly isOffline: boolean;
}

/** The reserved statusId of Omni's Offline status. */
export const OFFLINE_STATUS_ID = '0';

/** Where a configuration problem was found. */
export type ConfigSource = 'userPresenceStatuses' | 'statusMap' | 'onCallPolicy';

/**
 * A configuration problem: reported through the base library's log, and the part it
 * names is skipped; the rest keeps working.
 */
export interface ConfigIssue {
  readonly source: ConfigSource;
  /** The offending entry as written (trimmed, truncated to 100 chars), when there is one. */
  readonly entry?: string;
  /** What is wrong and what was expected, e.g. `unknown partner status "BRAEK" (expected AVAILABLE, BREAK, …)`. */
  readonly message: string;
}

/** Which way a `statusMap` entry maps. */
export type MapDirection = 'both' | 'toPartner' | 'toSalesforce';

/** One parsed `statusMap` entry (`LEFT=PARTNER`, `LEFT>PARTNER`, `LEFT<PARTNER`). */
export interface StatusMapEntry {
  /** The Salesforce side as written: a statusId or a statusName. */
  readonly left: string;
  readonly partner: PartnerStatus;
  readonly direction: MapDirection;
  /** Position in the statusMap (0-based); earlier entries win ties. */
  readonly index: number;
}

/** What happens to a partner change while the call-state guard is up. */
export type OnCallPolicy = 'ignore' | 'defer';

/** What the status sync exposes for the simulator's `STATE` message. */
export interface SyncView {
  readonly salesforceStatusId: string | null;
  readonly pending: PendingChange | null;
  readonly syncLog: readonly SyncLogEntry[];
}
