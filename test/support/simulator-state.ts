/**
 * What the simulator saved, read back the way a reload reads it: for tests that check
 * state the seam does not expose (DTMF count, the schedule).
 */
import { parseSnapshot, type Snapshot } from '../../src/partner/core/snapshot';
import { inOrder, type ScheduledStatusChange } from '../../src/partner/core/schedule';
import { DEFAULT_STORAGE_KEY } from '../../src/partner/simulator/persistence';
import type { KeyValueStore } from '../../src/platform/storage';

/** The simulator's saved snapshot; throws if there is none or it does not parse. */
export function savedSnapshot(store: KeyValueStore, key = DEFAULT_STORAGE_KEY): Snapshot {
  const text = store.get(key);
  if (text === null) throw new Error('the simulator saved nothing');
  const snapshot = parseSnapshot(text);
  if (typeof snapshot === 'string') throw new Error(snapshot);
  return snapshot;
}

/** The saved schedule, earliest first, as `{ at, kind, status }` (nothing saved yet: none). */
export function savedSchedule(store: KeyValueStore, key = DEFAULT_STORAGE_KEY): ScheduledStatusChange[] {
  if (store.get(key) === null) return [];
  return inOrder(savedSnapshot(store, key).schedule).map((e) => ({ at: e.at, kind: e.kind, status: e.status }));
}
