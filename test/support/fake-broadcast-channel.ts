/**
 * A synchronous in-memory stand-in for one end of a `BroadcastChannel`.
 *
 * @remarks
 * Implements the simulator's `BroadcastChannelLike`. Test controls: {@link FakeBroadcastChannel.deliver}
 * hands a message to the listeners at once (as if another page posted it), `posted`
 * records what this end posted, `closed` and `listenerCount()` show the lifecycle.
 * Like a real channel, posting after `close()` throws.
 */
import type { BroadcastChannelLike, ChannelMessageEvent } from '../../src/composition/control-channel';

type Listener = (event: ChannelMessageEvent) => void;

/** One end of a fake broadcast channel. */
export class FakeBroadcastChannel implements BroadcastChannelLike {
  /** Every message this end posted, oldest first. */
  readonly posted: unknown[] = [];
  closed = false;
  private listeners: Listener[] = [];

  postMessage(message: unknown): void {
    if (this.closed) throw new Error('InvalidStateError: the channel is closed');
    this.posted.push(structuredClone(message));
  }

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  close(): void {
    this.closed = true;
  }

  /** Delivers `data` to this end's listeners now. */
  deliver(data: unknown): void {
    for (const l of [...this.listeners]) l({ data });
  }

  /** How many listeners are attached. */
  listenerCount(): number {
    return this.listeners.length;
  }
}
