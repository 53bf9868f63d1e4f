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
  /** `true` while every value written reaches durable storage; `false` once any stays in memory only. */
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

/**
 * Writes to another store after the current task: `set` keeps the value (so `get` sees it
 * at once) and hands the write to `later`; several sets of one key cost one write.
 *
 * @remarks
 * `localStorage.setItem` is synchronous and costs more than a status decision, so the
 * page writes after the answer has left. Whoever owns `later` must run it before the page
 * goes (`pagehide`), or a reload loses the last tick's writes.
 */
export class WriteBehindStore implements KeyValueStore {
  private readonly pending = new Map<string, string>();

  /**
   * @param inner - where the values go
   * @param later - runs the write after the current task (the page's {@link DeferredWork})
   */
  constructor(
    private readonly inner: KeyValueStore,
    private readonly later: (write: () => void) => void,
  ) {}

  get durable(): boolean {
    return this.inner.durable;
  }

  get(key: string): string | null {
    return this.pending.get(key) ?? this.inner.get(key);
  }

  set(key: string, value: string): void {
    if (this.pending.size === 0) this.later(() => this.flush());
    this.pending.set(key, value);
  }

  remove(key: string): void {
    this.pending.delete(key);
    this.inner.remove(key);
  }

  /** Writes every pending value now. */
  flush(): void {
    for (const [key, value] of this.pending) this.inner.set(key, value);
    this.pending.clear();
  }
}

/** The subset of the Web Storage API used here. */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Wraps Web Storage, key by key: a value that cannot be written (quota) stays in memory
 * and its stored copy is removed, so that no later load reads a stale value back
 * (CONTRACT §7.3); the other keys keep being persisted (§7.8).
 *
 * @remarks
 * Reads come from what this page wrote (or removed) first, then from storage, so state
 * persisted by an earlier load is read even when nothing can be written any more. A failed
 * write is retried once after the stale copy is removed (that frees its space). Only a
 * storage that throws on read or remove is given up entirely. `onFallback` is told once,
 * at the first problem, with the reason.
 */
export class FallbackStore implements KeyValueStore {
  /** Values written (string) or removed (`null`) by this page: they win over storage. */
  private readonly written = new Map<string, string | null>();
  /** Keys whose latest value did not reach storage. */
  private readonly unsaved = new Set<string>();
  private storage: WebStorageLike | null;
  private warned = false;

  /**
   * @param storage - Web Storage, or `null` when it could not even be opened
   * @param onFallback - told once, with the reason, at the first problem
   * @param problem - a problem known at start-up (why `storage` is `null`, or a failed probe write), reported at once
   */
  constructor(
    storage: WebStorageLike | null,
    private readonly onFallback: (reason: string) => void,
    problem?: string,
  ) {
    this.storage = storage;
    if (problem !== undefined || storage === null) this.warn(problem ?? 'storage is unavailable');
  }

  get durable(): boolean {
    return this.storage !== null && this.unsaved.size === 0;
  }

  get(key: string): string | null {
    const written = this.written.get(key);
    if (written !== undefined || !this.storage) return written ?? null;
    try {
      return this.storage.getItem(key);
    } catch (e) {
      this.giveUp(e);
      return null;
    }
  }

  set(key: string, value: string): void {
    this.written.set(key, value);
    const storage = this.storage;
    if (!storage) return;
    let failure: unknown;
    try {
      storage.setItem(key, value);
      this.unsaved.delete(key);
      return;
    } catch (e) {
      failure = e;
    }
    try {
      // The stored copy is stale from now on: remove it (which also frees its space) and try once more.
      storage.removeItem(key);
    } catch (e) {
      this.giveUp(e);
      return;
    }
    try {
      storage.setItem(key, value);
      this.unsaved.delete(key);
    } catch {
      this.unsaved.add(key);
      this.warn(`${key} kept in memory only, its stored copy removed (${reasonOf(failure)})`);
    }
  }

  remove(key: string): void {
    this.written.set(key, null);
    this.unsaved.delete(key);
    if (!this.storage) return;
    try {
      this.storage.removeItem(key);
    } catch (e) {
      this.giveUp(e);
    }
  }

  private giveUp(e: unknown): void {
    this.storage = null;
    this.warn(`storage unusable, running from memory (${reasonOf(e)})`);
  }

  private warn(reason: string): void {
    if (this.warned) return;
    this.warned = true;
    this.onFallback(reason);
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Opens the page's `localStorage` safely. Reading the `localStorage` property itself
 * throws in a storage-blocked frame; private modes and full quotas fail only on write,
 * so a write is probed too. A failed probe write keeps the storage for reading (what an
 * earlier load persisted is still there) and is reported once.
 */
export function openStorage(onFallback: (reason: string) => void): KeyValueStore {
  let storage: WebStorageLike | undefined;
  try {
    storage = globalThis.localStorage;
  } catch (e) {
    return new FallbackStore(null, onFallback, `storage unavailable, running from memory (${reasonOf(e)})`);
  }
  if (!storage) return new FallbackStore(null, onFallback, 'storage unavailable, running from memory (localStorage is not available)');
  const probe = '__scv_probe__';
  try {
    storage.setItem(probe, probe);
    storage.removeItem(probe);
  } catch (e) {
    return new FallbackStore(storage, onFallback, `storage full or read-only (${reasonOf(e)}): stored state is read, what cannot be written stays in memory`);
  }
  return new FallbackStore(storage, onFallback);
}
