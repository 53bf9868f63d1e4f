/**
 * The page bootstrap: start on load, storage fallback, control channel wiring.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- each page load needs a fresh module copy (jest.isolateModules) */
import type { BroadcastChannelLike, ChannelMessageEvent } from '../../src/composition/control-channel';
import { SalesforceDouble, type Payload } from '../support/salesforce-double';

/** An in-memory BroadcastChannel pair end: what the page posts, and a way to deliver commands. */
class FakeChannel implements BroadcastChannelLike {
  readonly posted: unknown[] = [];
  closed = false;
  private listeners = new Set<(event: ChannelMessageEvent) => void>();
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  addEventListener(_type: 'message', listener: (event: ChannelMessageEvent) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: ChannelMessageEvent) => void): void {
    this.listeners.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
  deliver(data: unknown): void {
    for (const listener of this.listeners) listener({ data });
  }
}

describe('page bootstrap', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('the remote control rings a call, and every status decision re-posts STATE', async () => {
    const channel = new FakeChannel();
    sf = await SalesforceDouble.start({ openChannel: () => channel });
    sf.mark();
    channel.deliver({ type: 'INCOMING_CALL' });
    await sf.waitForEvent('CALL_STARTED');
    await sf.settle();
    const states = channel.posted.filter((m: Payload) => m.type === 'STATE') as Payload[];
    expect(states.at(-1)).toMatchObject({ type: 'STATE', callState: 'ringing', partnerStatus: 'AVAILABLE' });

    const before = channel.posted.length;
    sf.send('SET_AGENT_STATUS', { agentStatus: 'Away', statusInfo: { statusId: '0N5xx0000004D56' }, enqueueNextState: true });
    await sf.waitForEvent('SET_AGENT_STATUS_RESULT');
    await sf.settle();
    expect(channel.posted.length).toBeGreaterThan(before);
    expect((channel.posted.at(-1) as Payload).pending).toMatchObject({ direction: 'toPartner', status: 'BREAK' });
    sf.close();
    expect(channel.closed).toBe(true);
  });

  it('without BroadcastChannel, or when opening it throws, the page still takes calls', async () => {
    sf = await SalesforceDouble.start({ openChannel: () => null });
    expect(sf.page.control).toBeNull();
    sf.close();
    sf = await SalesforceDouble.start({
      openChannel: () => {
        throw new Error('SecurityError');
      },
    });
    expect(sf.page.control).toBeNull();
    sf.page.partner.incomingCall('+14155550142');
    await sf.waitForEvent('CALL_STARTED');
  });

  it('default dependencies: real clock, localStorage, a real BroadcastChannel named scv-partner-simulator', () => {
    let page: import('../../src/index').Page | undefined;
    jest.isolateModules(() => {
      const index = require('../../src/index') as typeof import('../../src/index');
      page = index.bootstrap();
    });
    try {
      expect(page!.store.durable).toBe(true);
      expect(page!.control).not.toBeNull();
      expect(Math.abs(page!.clock.now() - Date.now())).toBeLessThan(1000);
    } finally {
      page!.dispose();
    }
  });

  it('blocked storage falls back to memory with one logged warning', () => {
    const getter = jest.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new Error('Access is denied');
    });
    let page: import('../../src/index').Page | undefined;
    try {
      jest.isolateModules(() => {
        const index = require('../../src/index') as typeof import('../../src/index');
        page = index.bootstrap({ openChannel: () => null });
      });
      expect(page!.store.durable).toBe(false);
    } finally {
      getter.mockRestore();
      page?.dispose();
    }
  });

  it('no BroadcastChannel in the browser: no control channel; a non-Error thrown by the factory is reported too', () => {
    const saved = globalThis.BroadcastChannel;
    delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    try {
      jest.isolateModules(() => {
        const index = require('../../src/index') as typeof import('../../src/index');
        const page = index.bootstrap({ store: undefined });
        expect(page.control).toBeNull();
        page.dispose();
        const other = index.bootstrap({
          openChannel: () => {
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- a browser may throw a non-Error
            throw 'denied';
          },
        });
        expect(other.control).toBeNull();
        other.dispose();
        // Started as the page script: runs at once on this already-loaded document.
        index.startWhenLoaded(window);
      });
    } finally {
      globalThis.BroadcastChannel = saved;
    }
  });

  it('the bundle entry (src/main.ts) starts the page however the script is loaded', () => {
    const saved = globalThis.BroadcastChannel;
    delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    const addListener = jest.spyOn(window, 'addEventListener');
    try {
      jest.isolateModules(() => {
        require('../../src/index');
      });
      // Importing the bootstrap module starts nothing…
      expect(addListener).not.toHaveBeenCalledWith('message', expect.any(Function));
      jest.isolateModules(() => {
        require('../../src/main');
      });
      // …the entry does: initializeConnector registered the library's SETUP_CONNECTOR listener.
      expect(addListener).toHaveBeenCalledWith('message', expect.any(Function));
    } finally {
      addListener.mockRestore();
      globalThis.BroadcastChannel = saved;
    }
  });
  it('startWhenLoaded starts at once on a loaded page, otherwise on load', () => {
    jest.isolateModules(() => {
      const index = require('../../src/index') as typeof import('../../src/index');
      const listeners: (() => void)[] = [];
      const openChannel = jest.fn(() => null);
      const loading = { document: { readyState: 'loading' }, addEventListener: (_t: 'load', l: () => void) => listeners.push(l) };
      index.startWhenLoaded(loading, { openChannel });
      expect(openChannel).not.toHaveBeenCalled();
      expect(listeners).toHaveLength(1);
      listeners[0]!();
      expect(openChannel).toHaveBeenCalledTimes(1);

      const loaded = { document: { readyState: 'complete' }, addEventListener: () => undefined };
      index.startWhenLoaded(loaded, { openChannel });
      expect(openChannel).toHaveBeenCalledTimes(2);
      expect(openChannel).toHaveBeenCalledWith('scv-partner-simulator');
    });
  });
});
