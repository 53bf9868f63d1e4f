/**
 * Key-value persistence as a dependency, with a memory fallback.
 *
 * @remarks
 * `localStorage` can be missing, throw on access ("Access is denied" in a cross-site
 * iframe whose third-party storage is blocked), throw on write (quota) or hold
 * garbage. {@link openStorage} hides all of that: callers get a {@link KeyValueStore}
 * that never throws, and learn once (through `onFallback`) that they run from memory.
 */
export interface KeyValueStore {
  /** The stored string, or `null` when absent. Never throws. */
  get(key: string): string | null;
  /** Stores a string. Never throws; on failure the value is kept in memory. */
  set(key: string, value: string): void;
  /** Removes a key. Never throws. */
  remove(key: string): void;
  /** `true` while values reach durable storage; `false` once running from memory. */
  readonly durable: boolean;
}

/** A store that lives in memory only (tests, and the fallback). */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>();
  readonly durable: boolean = false;

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  remove(key: string): void {
    this.values.delete(key);
  }
}

/** The subset of the Web Storage API used here. */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Wraps Web Storage; the first failure switches the store to memory for good and
 * reports it once through `onFallback`. Values written since start-up stay readable
 * from memory (owners rewrite their whole state on every change, so nothing is lost).
 */
export class FallbackStore implements KeyValueStore {
  private readonly memory = new MemoryStore();
  private storage: WebStorageLike | null;

  /**
   * @param storage - Web Storage, or `null` when it could not even be opened
   * @param onFallback - told once, with the reason, when the store falls back to memory
   * @param unavailableReason - why `storage` is `null`, reported at once
   */
  constructor(
    storage: WebStorageLike | null,
    private readonly onFallback: (reason: string) => void,
    unavailableReason = 'storage is unavailable',
  ) {
    this.storage = storage;
    if (storage === null) onFallback(unavailableReason);
  }

  get durable(): boolean {
    return this.storage !== null;
  }

  get(key: string): string | null {
    const memoryValue = this.memory.get(key);
    if (memoryValue !== null || !this.storage) return memoryValue;
    try {
      return this.storage.getItem(key);
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  set(key: string, value: string): void {
    this.memory.set(key, value);
    if (!this.storage) return;
    try {
      this.storage.setItem(key, value);
    } catch (e) {
      this.fail(e);
    }
  }

  remove(key: string): void {
    this.memory.remove(key);
    if (!this.storage) return;
    try {
      this.storage.removeItem(key);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.storage = null;
    this.onFallback(reasonOf(e));
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Opens the page's `localStorage` safely. Reading the `localStorage` property itself
 * throws in a storage-blocked frame, and private modes or full quotas fail only on
 * write, so both are probed here.
 */
export function openStorage(onFallback: (reason: string) => void): KeyValueStore {
  try {
    const storage: WebStorageLike | undefined = globalThis.localStorage;
    if (!storage) return new FallbackStore(null, onFallback, 'localStorage is not available');
    const probe = '__scv_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return new FallbackStore(storage, onFallback);
  } catch (e) {
    return new FallbackStore(null, onFallback, reasonOf(e));
  }
}
