/**
 * The leader's store: every write goes to the page's store AND to the followers, which
 * keep a mirror, so the state survives a takeover even where storage is blocked.
 *
 * @remarks
 * Where a cross-site frame may not use `localStorage`, the one copy of the partner's and
 * the sync's state would be the leader's memory; the mirror in every follower is what
 * the next leader starts from ({@link seedStore}). Followers never write the shared keys
 * themselves, so no instance overwrites state another holds.
 */
import type { KeyValueStore } from '../../platform/storage';

/** A {@link KeyValueStore} that reports every write (and every value read) to `publish`. */
export class ReplicatedStore implements KeyValueStore {
  /** Every key this leader read or wrote, with its value: what a joining follower is sent. */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly inner: KeyValueStore,
    private readonly publish: (entries: readonly (readonly [string, string | null])[]) => void,
  ) {}

  get durable(): boolean {
    return this.inner.durable;
  }

  get(key: string): string | null {
    const value = this.inner.get(key);
    if (value !== null) this.known.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    this.inner.set(key, value);
    this.known.set(key, value);
    this.publish([[key, value]]);
  }

  remove(key: string): void {
    this.inner.remove(key);
    this.known.delete(key);
    this.publish([[key, null]]);
  }

  /** Everything known, for a follower that joins. */
  entries(): readonly (readonly [string, string | null])[] {
    return [...this.known];
  }
}

/** Writes a follower's mirror into the store a new leader is about to read from. */
export function seedStore(store: KeyValueStore, mirror: ReadonlyMap<string, string | null>): void {
  for (const [key, value] of mirror) {
    if (value === null) store.remove(key);
    else store.set(key, value);
  }
}
