/**
 * The WebSocket as the remote partner uses it: opened by an injected factory, so the
 * bundle uses the browser's `WebSocket` and Node tests the `ws` package or a fake.
 */

/** What a socket reports; `close` also follows a failed open (a browser reports no reason). */
export interface SocketEvents {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

/** An open(ing) socket. */
export interface Socket {
  send(text: string): void;
  close(): void;
}

/** Opens a socket to `url` that reports to `on`. May throw (e.g. a URL the browser refuses). */
export type SocketFactory = (url: string, on: SocketEvents) => Socket;

/** The part of a WebSocket class (the browser's, or `ws`'s) the factory needs. */
export interface WebSocketLike {
  send(text: string): void;
  close(): void;
  addEventListener(type: string, listener: (event: object) => void): void;
}

/** A WebSocket class. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The factory over a WebSocket class (default the browser's `WebSocket`). */
export function webSocketFactory(WebSocketClass: WebSocketConstructor): SocketFactory {
  return (url, on) => {
    const ws = new WebSocketClass(url);
    ws.addEventListener('open', () => on.open());
    ws.addEventListener('message', (event) => on.message('data' in event ? event.data : undefined));
    ws.addEventListener('close', () => on.close());
    // A failure is always followed by `close`; listening keeps Node's `ws` from throwing it.
    ws.addEventListener('error', () => undefined);
    return ws;
  };
}
