/**
 * The status catalogue of the simulator and the reference partner server: the seven codes
 * of CONTRACT §4, as the partner supplies them at run time.
 */
import { PARTNER_STATUS_INFO, PARTNER_STATUSES, type PartnerStatus, type PartnerStatusInfo } from '../../vocabulary/partner-status';

const LABELS: Readonly<Record<PartnerStatus, string>> = {
  AVAILABLE: 'Available',
  BREAK: 'Break',
  LUNCH: 'Lunch',
  MEETING: 'Meeting',
  TRAINING: 'Training',
  NOT_READY: 'Not ready',
  OFFLINE: 'Offline',
};

/** The catalogue, in the stable order of {@link PARTNER_STATUSES}. */
export const STATUS_CATALOGUE: readonly PartnerStatusInfo[] = Object.freeze(
  PARTNER_STATUSES.map((code) => Object.freeze({ code, label: LABELS[code], ...PARTNER_STATUS_INFO[code] })),
);
