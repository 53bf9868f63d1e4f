/**
 * The agent's partner session token, kept for a silent login after a reload (where the
 * store is durable; memory-only storage simply means logging in again).
 *
 * @remarks
 * The token is tied to the server URL it came from, so a token is never offered to
 * another server. It is a secret: never logged.
 */
import type { KeyValueStore } from '../../platform/storage';
import { isRecord } from '../../vocabulary/guards';

/** Storage key of the session. */
export const SESSION_KEY = 'scv.partner.remote.session';

/** The stored session of one server. */
export class SessionStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly url: string,
  ) {}

  /** The token for this server, or null. */
  token(): string | null {
    try {
      const saved: unknown = JSON.parse(this.store.get(SESSION_KEY) ?? 'null');
      return isRecord(saved) && saved.url === this.url && typeof saved.token === 'string' && saved.token !== '' ? saved.token : null;
    } catch {
      return null;
    }
  }

  save(token: string): void {
    this.store.set(SESSION_KEY, JSON.stringify({ url: this.url, token }));
  }

  clear(): void {
    this.store.remove(SESSION_KEY);
  }
}
