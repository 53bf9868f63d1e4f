/**
 * The partner telephony system's agent status codes.
 *
 * @remarks
 * ```
 *            any status ──────────────▶ any other status
 *   (the partner's own: supervisor, WFM schedule;  or Salesforce through the connector)
 * ```
 * Only `AVAILABLE` is routable: the partner offers calls to the agent only then.
 * `OFFLINE` is the logged-out status (Salesforce statusId `"0"`).
 */
export const PartnerStatus = {
  AVAILABLE: 'AVAILABLE',
  BREAK: 'BREAK',
  LUNCH: 'LUNCH',
  MEETING: 'MEETING',
  TRAINING: 'TRAINING',
  NOT_READY: 'NOT_READY',
  OFFLINE: 'OFFLINE',
} as const;

/** A partner status code. */
export type PartnerStatus = (typeof PartnerStatus)[keyof typeof PartnerStatus];

/** Facts about each partner status; a `Record` so a new code cannot be forgotten. */
export const PARTNER_STATUS_INFO: Readonly<Record<PartnerStatus, { routable: boolean; offline: boolean }>> = {
  AVAILABLE: { routable: true, offline: false },
  BREAK: { routable: false, offline: false },
  LUNCH: { routable: false, offline: false },
  MEETING: { routable: false, offline: false },
  TRAINING: { routable: false, offline: false },
  NOT_READY: { routable: false, offline: false },
  OFFLINE: { routable: false, offline: true },
};

/** Every partner status code, in a stable order. */
export const PARTNER_STATUSES: readonly PartnerStatus[] = Object.keys(PARTNER_STATUS_INFO) as PartnerStatus[];

/** Narrows an unknown value (a message field, stored JSON) to a partner status code. */
export function isPartnerStatus(value: unknown): value is PartnerStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PARTNER_STATUS_INFO, value);
}

/** True for the one status the partner routes calls in. */
export function isRoutable(status: PartnerStatus): boolean {
  return PARTNER_STATUS_INFO[status].routable;
}

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
