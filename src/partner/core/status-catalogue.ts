/**
 * The status catalogue of the simulator and the reference partner server: the seven codes
 * of CONTRACT §4, as the partner supplies them at run time.
 */
import { REFERENCE_CATALOGUE, type PartnerStatusInfo } from '../../vocabulary/partner-status';

/** The catalogue, in the stable order of `PARTNER_STATUSES`. */
export const STATUS_CATALOGUE: readonly PartnerStatusInfo[] = REFERENCE_CATALOGUE;
