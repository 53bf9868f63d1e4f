// WriteBehindStore: values readable at once, written after the current task, one write per key.
import { MemoryStore, WriteBehindStore, type KeyValueStore } from '../../src/platform/storage';

class CountingStore extends MemoryStore {
  writes: [string, string][] = [];
  override set(key: string, value: string): void {
    this.writes.push([key, value]);
    super.set(key, value);
  }
}

function setup(): { inner: CountingStore; store: KeyValueStore & { flush(): void }; runLater: () => void; scheduled: () => number } {
  const inner = new CountingStore();
  let jobs: (() => void)[] = [];
  let count = 0;
  const store = new WriteBehindStore(inner, (job) => {
    count++;
    jobs.push(job);
  });
  return {
    inner,
    store,
    runLater: () => {
      const now = jobs;
      jobs = [];
      for (const job of now) job();
    },
    scheduled: () => count,
  };
}

describe('WriteBehindStore', () => {
  it('a value is readable at once but reaches the inner store only when the deferred write runs', () => {
    const { inner, store, runLater } = setup();
    store.set('k', 'v1');
    expect(store.get('k')).toBe('v1');
    expect(inner.get('k')).toBeNull();
    runLater();
    expect(inner.get('k')).toBe('v1');
  });

  it('several sets within a task cost one deferred job and one write per key, the latest value', () => {
    const { inner, store, runLater, scheduled } = setup();
    store.set('a', '1');
    store.set('a', '2');
    store.set('b', 'x');
    expect(scheduled()).toBe(1);
    runLater();
    expect(inner.writes).toEqual([
      ['a', '2'],
      ['b', 'x'],
    ]);
    store.set('a', '3');
    expect(scheduled()).toBe(2);
  });

  it('flush writes at once; remove drops a pending value and the stored one', () => {
    const { inner, store, runLater } = setup();
    inner.set('old', 'stored');
    store.set('old', 'pending');
    store.remove('old');
    expect(store.get('old')).toBeNull();
    runLater();
    expect(inner.get('old')).toBeNull();
    store.set('k', 'v');
    store.flush();
    expect(inner.get('k')).toBe('v');
  });

  it('reads fall through to the inner store and durability is the inner store\'s', () => {
    const { inner, store } = setup();
    inner.set('k', 'v');
    expect(store.get('k')).toBe('v');
    expect(store.durable).toBe(false);
  });
});
