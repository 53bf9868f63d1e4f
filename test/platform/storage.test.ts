import { FallbackStore, openStorage, type WebStorageLike } from '../../src/platform/storage';

/** Web Storage with a quota in characters (keys and values), like a browser's. */
class QuotaStorage implements WebStorageLike {
  readonly items = new Map<string, string>();
  constructor(public quota: number) {}

  used(): number {
    let total = 0;
    for (const [k, v] of this.items) total += k.length + v.length;
    return total;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    const old = this.items.get(key);
    const after = this.used() - (old === undefined ? 0 : key.length + old.length) + key.length + value.length;
    if (after > this.quota) throw Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('FallbackStore over a full quota (CONTRACT 7.3, 7.8)', () => {
  it('reads what an earlier load stored although nothing can be written', () => {
    const storage = new QuotaStorage(100);
    storage.setItem('state', 'call in progress');
    storage.quota = storage.used();
    const warnings: string[] = [];
    const store = new FallbackStore(storage, (w) => warnings.push(w), 'probe failed');
    expect(store.get('state')).toBe('call in progress');
    expect(warnings).toEqual(['probe failed']);
  });

  it('a value that cannot be written stays in memory and its stale stored copy is removed', () => {
    const storage = new QuotaStorage(60);
    storage.setItem('state', 'old');
    const warnings: string[] = [];
    const store = new FallbackStore(storage, (w) => warnings.push(w));
    store.set('state', 'x'.repeat(100));
    expect(store.get('state')).toBe('x'.repeat(100));
    expect(storage.getItem('state')).toBeNull();
    expect(store.durable).toBe(false);
    expect(warnings).toEqual(['state kept in memory only, its stored copy removed (QuotaExceededError: quota exceeded)']);
  });

  it('a write that fits once the stale copy is gone is persisted', () => {
    const storage = new QuotaStorage(30);
    storage.setItem('state', 'a'.repeat(20));
    const store = new FallbackStore(storage, () => undefined);
    store.set('state', 'b'.repeat(22));
    expect(storage.getItem('state')).toBe('b'.repeat(22));
    expect(store.durable).toBe(true);
  });

  it('one value too large for the quota does not stop the others from being persisted', () => {
    const storage = new QuotaStorage(1000);
    const warnings: string[] = [];
    const store = new FallbackStore(storage, (w) => warnings.push(w));
    store.set('table', 'x'.repeat(5000));
    store.set('calls', 'connected');
    store.set('table', 'y'.repeat(5000));
    store.set('pending', 'Away');
    expect(storage.getItem('calls')).toBe('connected');
    expect(storage.getItem('pending')).toBe('Away');
    expect(store.get('table')).toBe('y'.repeat(5000));
    expect(warnings).toHaveLength(1);
  });

  it('a removed key reads as absent even if storage still had it', () => {
    const storage = new QuotaStorage(1000);
    storage.setItem('k', 'v');
    const store = new FallbackStore(storage, () => undefined);
    store.remove('k');
    expect(store.get('k')).toBeNull();
  });

  it('openStorage keeps a storage whose probe write fails for reading, and says so once', () => {
    const storage = new QuotaStorage(0);
    storage.items.set('kept', 'yes');
    const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => storage });
    try {
      const warnings: string[] = [];
      const store = openStorage((w) => warnings.push(w));
      expect(store.get('kept')).toBe('yes');
      expect(warnings).toEqual(['storage full or read-only (QuotaExceededError: quota exceeded): stored state is read, what cannot be written stays in memory']);
    } finally {
      if (original) Object.defineProperty(globalThis, 'localStorage', original);
    }
  });
});
