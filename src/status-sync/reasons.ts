/**
 * Wording shared by the sync-log reasons.
 */
import type { PartnerTarget } from './mapping-table';

const VIA_NOTES: Readonly<Record<Exclude<PartnerTarget['via'], 'fallback'>, string>> = {
  map: '(statusMap)',
  name: '(matched by name)',
  offline: '(offline)',
};

/** Which mapping rule chose the partner status, for sync-log reasons. */
export function describeVia({ via, status }: PartnerTarget): string {
  return via === 'fallback' ? `(unmapped ${status === 'AVAILABLE' ? '' : 'non-'}routable status falls back to ${status})` : VIA_NOTES[via];
}
