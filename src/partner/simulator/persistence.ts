/**
 * Where the simulator keeps its agent's snapshot: one key of a {@link KeyValueStore}.
 *
 * @remarks
 * Reading validates with the core's `parseSnapshot`: unreadable or invalid state is
 * reported and replaced, and the agent starts fresh. A store that throws on write (the
 * `KeyValueStore` contract says it never does) is reported once.
 */
import type { KeyValueStore } from '../../platform/storage';
import { messageOf } from '../../vocabulary/guards';
import { parseSnapshot, type Snapshot } from '../core/snapshot';

/** Storage key of the simulator's state unless `storageKey` is given. */
export const DEFAULT_STORAGE_KEY = 'scv-partner-simulator:v1';

/** Reads and writes one agent snapshot. */
export class SnapshotStore {
  private saveFailed = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    /** Told about problems: unreadable or discarded state, failed writes. */
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * The saved snapshot, or `null`: nothing saved, or unreadable or invalid (with a
   * warning); `discarded` says invalid state is there, to be overwritten with a fresh one.
   */
  load(): { readonly snapshot: Snapshot | null; readonly discarded: boolean } {
    let text: string | null;
    try {
      text = this.store.get(this.key);
    } catch (e) {
      this.warn(`state unreadable (${messageOf(e)}); starting fresh`);
      return { snapshot: null, discarded: false };
    }
    if (text === null) return { snapshot: null, discarded: false };
    const snapshot = parseSnapshot(text);
    if (typeof snapshot !== 'string') return { snapshot, discarded: false };
    this.warn(`saved simulator state discarded: ${snapshot}; starting fresh`);
    return { snapshot: null, discarded: true };
  }

  save(snapshot: Snapshot): void {
    try {
      this.store.set(this.key, JSON.stringify(snapshot));
    } catch (e) {
      if (!this.saveFailed) this.warn(`state not saved (${messageOf(e)}); running from memory`);
      this.saveFailed = true;
    }
  }
}
