/**
 * Several pages' `BroadcastChannel`s in one test: ends opened with the same name hear
 * each other's messages (not their own), delivered as 0 ms timers of a {@link FakeClock},
 * so delivery is asynchronous and in order per sender, as in a browser.
 *
 * @remarks Test controls: {@link FakeBroadcastHub.crash} closes every end of one page
 * without a word (a killed tab); `posted` counts messages by type.
 */
import type { BroadcastChannelLike, ChannelMessageEvent } from '../../src/composition/control-channel';
import type { FakeClock } from './fake-clock';

type Listener = (event: ChannelMessageEvent) => void;

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
    this.hub.send(this, structuredClone(message));
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
        for (const l of [...end.listeners]) l({ data: structuredClone(data) });
      }, 0);
    }
  }
}
