/**
 * Several pages' `BroadcastChannel`s in one test: ends opened with the same name hear
 * each other's messages (not their own), delivered as 0 ms timers of a {@link FakeClock},
 * so delivery is asynchronous and in order per sender, as in a browser.
 *
 * Messages are copied into this realm, as a browser's structured clone makes them in the
 * receiving page's realm (Node's `structuredClone` would make them in Node's, outside
 * jsdom's, so `instanceof Array` in the base library would fail on them).
 *
 * @remarks Test controls: {@link FakeBroadcastHub.crash} closes every end of one page
 * without a word (a killed tab); `posted` counts messages by type.
 */
import type { BroadcastChannelLike, ChannelMessageEvent } from '../../src/composition/control-channel';
import type { FakeClock } from './fake-clock';

type Listener = (event: ChannelMessageEvent) => void;

/** A deep copy of plain data (arrays, plain objects, primitives) made in this realm; anything else throws, as a structured clone of a function would. */
function cloneHere(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error('DataCloneError: not cloneable');
    return value;
  }
  if (Array.isArray(value)) return value.map(cloneHere);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneHere(v)]));
}

/** One end, owned by one page. */
class HubEnd implements BroadcastChannelLike {
  closed = false;
  readonly listeners = new Set<Listener>();
  constructor(
    private readonly hub: FakeBroadcastHub,
    readonly name: string,
    readonly page: string,
  ) {}
  postMessage(message: unknown): void {
    if (this.closed) throw new Error('InvalidStateError: the channel is closed');
    this.hub.send(this, cloneHere(message));
  }
  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
}

/** The shared medium of one browser partition. */
export class FakeBroadcastHub {
  private readonly ends: HubEnd[] = [];
  /** Every message posted, with the channel name. */
  readonly posted: { name: string; data: unknown }[] = [];

  constructor(private readonly clock: FakeClock) {}

  /** An `openChannel` for the page `page`. */
  opener(page: string): (name: string) => BroadcastChannelLike {
    return (name) => {
      const end = new HubEnd(this, name, page);
      this.ends.push(end);
      return end;
    };
  }

  /** Closes every end of `page` without any message (the tab was killed). */
  crash(page: string): void {
    for (const end of this.ends) if (end.page === page) end.close();
  }

  /** @internal */
  send(from: HubEnd, data: unknown): void {
    this.posted.push({ name: from.name, data });
    for (const end of this.ends) {
      if (end === from || end.name !== from.name || end.closed) continue;
      this.clock.setTimeout(() => {
        if (end.closed) return;
        for (const l of [...end.listeners]) l({ data: cloneHere(data) });
      }, 0);
    }
  }
}
