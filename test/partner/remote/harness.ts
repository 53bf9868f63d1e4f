/**
 * A RemotePartner over the scripted {@link ModelServer}, on a fake clock, with its log lines kept.
 */
import { RemotePartner } from '../../../src/partner/remote/remote-partner';
import { PARTNER_URL_KEY, serverUrlOf } from '../../../src/partner/remote/server-url';
import { SessionStore } from '../../../src/partner/remote/session-store';
import type { PartnerEvent } from '../../../src/partner/partner-telephony';
import { MemoryStore } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';
import { ModelServer } from './model-server';

export const CONFIG = { [PARTNER_URL_KEY]: 'ws://127.0.0.1:8090/ws' };

/** Everything a unit test drives. */
export interface Harness {
  readonly clock: FakeClock;
  readonly server: ModelServer;
  readonly store: MemoryStore;
  readonly partner: RemotePartner;
  readonly events: PartnerEvent[];
  readonly states: string[];
  readonly logs: Record<string, unknown>[];
}

/** A fresh partner (not connected) with `token` stored (default the model's valid one; `null`: none). */
export function harness({ token = 'token-1', random = 0.5 }: { token?: string | null; random?: number } = {}): Harness {
  const clock = new FakeClock();
  const server = new ModelServer(clock);
  const store = new MemoryStore();
  if (token !== null) new SessionStore(store, serverUrlOf(CONFIG)).save(token);
  const logs: Record<string, unknown>[] = [];
  const partner = new RemotePartner({ clock, store, openSocket: server.openSocket, random: () => random, log: (message, details) => logs.push({ message, ...details }) });
  const events: PartnerEvent[] = [];
  const states: string[] = [];
  partner.subscribe((e) => events.push(e));
  partner.onConnectionStateChange((s) => states.push(s));
  return { clock, server, store, partner, events, states, logs };
}

/** A harness already connected. */
export async function connected(options?: Parameters<typeof harness>[0]): Promise<Harness> {
  const h = harness(options);
  await expect(h.partner.connect({ config: CONFIG })).resolves.toEqual({ outcome: 'connected' });
  return h;
}

/** Rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}
