/**
 * A `RemotePartner` against a real partner server (in-process, 127.0.0.1 port 0), with
 * network controls between them: drop the connection, keep it down, let it back, make
 * the server never answer one command, or make it send a snapshot instead of a replay.
 */
import WebSocket from 'ws';
import type { PartnerStatus } from '../../../src/vocabulary/partner-status';
import { RemotePartner } from '../../../src/partner/remote/remote-partner';
import { serverUrlOf, PARTNER_URL_KEY } from '../../../src/partner/remote/server-url';
import { SessionStore } from '../../../src/partner/remote/session-store';
import { webSocketFactory, type Socket, type SocketFactory, type WebSocketConstructor } from '../../../src/partner/remote/socket';
import { MemoryStore } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';
import type { ConformanceRig } from '../../support/partner-conformance';
import { eventually, ORIGIN, TestClient, type TestServer } from '../../server/support';

/** `ws`'s WebSocket sending the allowed page origin, as a browser on the console page would. */
export const OriginWebSocket: WebSocketConstructor = class extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN });
  }
};

/** Network controls between a partner and the server. */
export class NetworkTap {
  private down = false;
  private current: { socket: Socket; cut: boolean; close: () => void } | null = null;
  private readonly hang = new Set<string>();
  /** The next `hello` goes without `lastSeq`, so the server answers with a snapshot. */
  forgetLastSeq = false;

  constructor(private readonly inner: SocketFactory = webSocketFactory(OriginWebSocket)) {}

  readonly openSocket: SocketFactory = (url, on) => {
    if (this.down) {
      setTimeout(() => on.close(), 0);
      return { send: () => undefined, close: () => undefined };
    }
    const entry = { cut: false, close: () => on.close(), socket: null as unknown as Socket };
    entry.socket = this.inner(url, { open: () => on.open(), message: (d) => on.message(d), close: () => !entry.cut && on.close() });
    this.current = entry;
    return {
      send: (text) => {
        const m = JSON.parse(text) as { type: string; name?: string; lastSeq?: number };
        if (m.type === 'command' && m.name !== undefined && this.hang.delete(m.name)) return;
        if (m.type === 'hello' && this.forgetLastSeq) {
          this.forgetLastSeq = false;
          delete m.lastSeq;
          text = JSON.stringify(m);
        }
        entry.socket.send(text);
      },
      close: () => entry.socket.close(),
    };
  };

  /** The connection drops now (the partner is told at once) and stays down until {@link NetworkTap.up}. */
  drop(): void {
    this.down = true;
    const entry = this.current;
    if (!entry) return;
    entry.cut = true;
    entry.socket.close();
    entry.close();
  }

  up(): void {
    this.down = false;
  }

  /** The next `name` command is swallowed: the server never answers it. */
  hangNext(name: string): void {
    this.hang.add(name);
  }
}

/** The seeded agent's session token (a real login). */
export async function sessionToken(server: TestServer, username = 'alice', password = 'alice-secret-pw'): Promise<string> {
  const client = await TestClient.open(server);
  const answer = await client.request({ type: 'login', username, password });
  await client.close();
  return answer.result.token as string;
}

/** Everything the conformance rig and the unit-level server tests share. */
export interface ServerRig extends ConformanceRig {
  readonly partner: RemotePartner;
  readonly tap: NetworkTap;
  readonly store: MemoryStore;
}

/** Waits until the partner's mirror equals the server's view of the agent. */
export async function caughtUp(partner: RemotePartner, server: TestServer, agentId: string): Promise<void> {
  await eventually(() => {
    const view = server.switchboard.agent(agentId)!.view();
    return JSON.stringify([partner.getStatus(), partner.getCallState(), partner.getCalls()]) === JSON.stringify([view.status, view.callState, view.calls]);
  });
}

/**
 * A rig for agent `a1` (alice): AVAILABLE and idle; agent `a2` is on a call with id
 * `other-agents-call` (for supervision). The partner connects to `server` with alice's session.
 */
export function serverRig(server: TestServer, token: string): ServerRig {
  const clock = new FakeClock();
  const store = new MemoryStore();
  const tap = new NetworkTap();
  const config = { [PARTNER_URL_KEY]: server.wsUrl };
  new SessionStore(store, serverUrlOf(config)).save(token);
  const sb = server.switchboard;
  sb.control('a1', { type: 'SET_PARTNER_STATUS', status: 'AVAILABLE' });
  const other = sb.agent('a2')!.domain;
  other.setPartnerStatus('AVAILABLE', 'test');
  other.incomingCall('+15555550111', 'other-agents-call');
  other.acceptCall('other-agents-call');
  const partner = new RemotePartner({ clock, store, openSocket: tap.openSocket, random: () => 0.5, log: () => undefined });
  const connect = partner.connect.bind(partner);
  partner.connect = (options) => connect({ ...options, config: { ...config, ...options.config } });
  const settled = async (): Promise<void> => {
    if (partner.connectionState === 'connected') await caughtUp(partner, server, 'a1');
  };
  return {
    partner,
    clock,
    tap,
    store,
    ring: () => {
      sb.control('a1', { type: 'INCOMING_CALL', phoneNumber: '+15555550100' });
      return settled();
    },
    setByPartner: (status: PartnerStatus) => {
      sb.control('a1', { type: 'SET_PARTNER_STATUS', status });
      return settled();
    },
    network: {
      drop: () => tap.drop(),
      restore: async (how) => {
        tap.forgetLastSeq = how === 'resync';
        tap.up();
        clock.advance(1_000); // the first retry is due within 1 s
        await eventually(() => partner.connectionState === 'connected');
      },
      hangNext: (command) => tap.hangNext(command),
    },
    close: () => partner.dispose(),
  };
}
