/**
 * The partner's built-in directory: fictional agents, queues and phone-book entries.
 *
 * @remarks
 * Every name is invented and every number is in the reserved fictional `555-01xx` range.
 */
import { isCount } from '../../vocabulary/guards';
import type { ContactFilter, PartnerContact } from '../partner-telephony';

/** The directory the simulator and the reference partner server start with unless given another. */
export const DEFAULT_CONTACTS: readonly PartnerContact[] = Object.freeze([
  { id: 'agent-ada', type: 'agent', name: 'Ada Example', phoneNumber: '+15555550101', available: true },
  { id: 'agent-bo', type: 'agent', name: 'Bo Sample', phoneNumber: '+15555550102', available: false },
  { id: 'agent-cy', type: 'agent', name: 'Cy Placeholder', phoneNumber: '+15555550103', available: true },
  { id: 'queue-billing', type: 'queue', name: 'Billing Queue', available: true },
  { id: 'queue-night', type: 'queue', name: 'Night Shift Queue', available: false },
  { id: 'pb-warehouse', type: 'phonebook', name: 'Warehouse', phoneNumber: '+15555550111' },
].map((c) => Object.freeze(c as PartnerContact)));

/**
 * Filters a directory.
 *
 * @remarks
 * `contains` matches the name or number case-insensitively; `types` keeps the listed
 * types (an empty list keeps none); `availableOnly` keeps contacts marked available;
 * then `offset` entries are skipped and at most `limit` returned. A missing, negative or
 * non-integer `offset`/`limit` means "from the start" / "no limit".
 */
export function filterContacts(contacts: readonly PartnerContact[], filter: ContactFilter): PartnerContact[] {
  const needle = typeof filter.contains === 'string' ? filter.contains.trim().toLowerCase() : '';
  const matched = contacts.filter((c) => {
    if (needle && !c.name.toLowerCase().includes(needle) && !(c.phoneNumber ?? '').toLowerCase().includes(needle)) return false;
    if (Array.isArray(filter.types) && !filter.types.includes(c.type)) return false;
    if (filter.availableOnly === true && c.available !== true) return false;
    return true;
  });
  const offset = isCount(filter.offset) ? filter.offset : 0;
  const end = isCount(filter.limit) ? offset + filter.limit : undefined;
  return matched.slice(offset, end);
}
