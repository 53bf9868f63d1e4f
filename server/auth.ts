/**
 * Passwords and session tokens.
 *
 * @remarks
 * Passwords are stored as `scrypt$N$r$p$salt$hash` (node:crypto scrypt, random 16-byte
 * salt) and compared in constant time. A session token is 32 random bytes (base64url);
 * the database keeps only its SHA-256, so a copy of the database logs nobody in. The
 * agent a connection acts for is the one its session names — never a field the client
 * sends.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Repository } from './db/repository';

const SCRYPT: ScryptOptions & { N: number; r: number; p: number } = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** How long a session lasts unless the server is told otherwise: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches a stored hash; a malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (!N || !r || !p || salt.length === 0 || expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, salt, { N, r, p, maxmem: SCRYPT.maxmem });
  return timingSafeEqual(key, expected);
}

/** The stored form of a session token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Why a login or a session was refused. */
export type AuthFailure = 'BAD_CREDENTIALS' | 'SESSION_EXPIRED';

/** A session: the agent it acts for and its token (given to the client once). */
export interface Session {
  readonly agentId: string;
  readonly token: string;
  readonly expiresAt: number;
}

/** Logins and sessions over the repository. */
export class Auth {
  // A fixed hash to compare against when the username is unknown, so timing does not tell.
  private readonly decoy = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly repo: Repository,
    private readonly now: () => number,
    private readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
  ) {}

  /** Checks a username and password; on success opens a session. */
  async login(username: string, password: string): Promise<Session | AuthFailure> {
    const agent = this.repo.agentByUsername(username);
    const ok = await verifyPassword(password, agent?.passwordHash ?? (await this.decoy));
    if (!agent || !ok) return 'BAD_CREDENTIALS';
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.ttlMs;
    this.repo.deleteExpiredSessions(now);
    this.repo.createSession(tokenHash(token), agent.id, now, expiresAt);
    return { agentId: agent.id, token, expiresAt };
  }

  /** The session a token opens, or why not. */
  resume(token: string): Session | AuthFailure {
    const found = this.repo.findSession(tokenHash(token), this.now());
    return found ? { agentId: found.agentId, token, expiresAt: found.expiresAt } : 'SESSION_EXPIRED';
  }

  /** Ends the session of a token (signing out). */
  end(token: string): void {
    this.repo.deleteSession(tokenHash(token));
  }
}
