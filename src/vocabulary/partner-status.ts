/**
 * Partner status codes: what a status is at run time, and the reference partner's seven.
 *
 * @remarks
 * A partner supplies its own status catalogue at run time (`PartnerTelephony.getStatusCatalogue`:
 * code, label, routable, offline), as real systems do with admin-defined statuses and
 * reason codes; the sync rules use that catalogue (`./status-catalogue.ts`). The seven
 * codes below are the catalogue of the reference partner (the embedded simulator and the
 * partner server, CONTRACT §4):
 * ```
 *            any status ──────────────▶ any other status
 *   (the partner's own: supervisor, WFM schedule;  or Salesforce through the connector)
 * ```
 * Only `AVAILABLE` is routable; `OFFLINE` is the logged-out status (Salesforce statusId `"0"`).
 */

/** A partner status code: one of the codes of the partner's status catalogue. */
export type PartnerStatus = string;

/** One entry of a partner's status catalogue, as the partner supplies it at run time. */
export interface PartnerStatusInfo {
  /** The partner's code (what `setStatus` takes and `statusChanged` carries). */
  readonly code: PartnerStatus;
  /** A human label (the partner's admin-defined name). */
  readonly label: string;
  /** The partner routes calls to the agent in this status. */
  readonly routable: boolean;
  /** The agent is logged out in this status. */
  readonly offline: boolean;
}

/** The reference partner's codes (CONTRACT §4). */
export type ReferenceStatus = 'AVAILABLE' | 'BREAK' | 'LUNCH' | 'MEETING' | 'TRAINING' | 'NOT_READY' | 'OFFLINE';

/** Facts about each reference code; a `Record` so a new code cannot be forgotten. */
export const PARTNER_STATUS_INFO: Readonly<Record<ReferenceStatus, { label: string; routable: boolean; offline: boolean }>> = {
  AVAILABLE: { label: 'Available', routable: true, offline: false },
  BREAK: { label: 'Break', routable: false, offline: false },
  LUNCH: { label: 'Lunch', routable: false, offline: false },
  MEETING: { label: 'Meeting', routable: false, offline: false },
  TRAINING: { label: 'Training', routable: false, offline: false },
  NOT_READY: { label: 'Not ready', routable: false, offline: false },
  OFFLINE: { label: 'Offline', routable: false, offline: true },
};

/** Every reference code, in a stable order. */
export const PARTNER_STATUSES: readonly ReferenceStatus[] = Object.keys(PARTNER_STATUS_INFO) as ReferenceStatus[];

/** The reference partner's catalogue (the simulator's and the partner server's), in {@link PARTNER_STATUSES} order. */
export const REFERENCE_CATALOGUE: readonly PartnerStatusInfo[] = Object.freeze(
  PARTNER_STATUSES.map((code) => Object.freeze({ code, ...PARTNER_STATUS_INFO[code] })),
);

/** Narrows an unknown value (a message field, stored JSON) to a reference code. */
export function isPartnerStatus(value: unknown): value is ReferenceStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PARTNER_STATUS_INFO, value);
}

/** True for a reference code the reference partner routes calls in (only `AVAILABLE`). */
export function isRoutable(status: PartnerStatus): boolean {
  return isPartnerStatus(status) && PARTNER_STATUS_INFO[status].routable;
}

/** True for the reference partner's logged-out code (`OFFLINE`). */
export function isOfflineStatus(status: PartnerStatus): boolean {
  return isPartnerStatus(status) && PARTNER_STATUS_INFO[status].offline;
}
