/**
 * The reference partner telephony server, assembled: database, agents, ACD, WebSocket
 * gateway and admin API on one HTTP port of 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startPartnerServer({ port: 0, db: '/tmp/p.sqlite', agents: DEMO_AGENTS, adminToken: 'secret-token' });
 * // connectors: server.wsUrl; admin: POST `${server.httpUrl}/admin/queue/calls`
 * await server.close();
 * ```
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAdminHandler } from './admin-api';
import { Switchboard } from './agents/switchboard';
import { Auth, hashPassword, verifyPassword } from './auth';
import { Repository } from './db/repository';
import { Gateway, WS_PATH } from './gateway';
import { createLogger, type Logger } from './log';
import { DEFAULT_ORIGINS, DEFAULT_RING_TIMEOUT_MS, type AgentSeed } from './options';

/** What {@link startPartnerServer} takes. */
export interface PartnerServerOptions {
  /** `0`: any free port. */
  readonly port: number;
  readonly db: string;
  readonly agents: readonly AgentSeed[];
  /** `null`: a random token, written to `admin-token` beside the database (mode 600). */
  readonly adminToken: string | null;
  readonly origins?: readonly string[];
  readonly ringTimeoutMs?: number;
  readonly heartbeatMs?: number;
  readonly sessionTtlMs?: number;
  readonly log?: Logger;
  /** Epoch ms now; default `Date.now`. */
  readonly now?: () => number;
}

/** A running server. */
export interface RunningPartnerServer {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly adminToken: string;
  /** Where a generated admin token was written, or `null` when it was given. */
  readonly adminTokenFile: string | null;
  readonly switchboard: Switchboard;
  readonly gateway: Gateway;
  readonly repo: Repository;
  /** Stops accepting, closes connections, stops timers, closes the database. */
  close(): Promise<void>;
}

/**
 * Seeds the agents: new ones are created, existing ones keep their state (the password
 * is updated if it changed), and agents of an earlier list that this one lacks are
 * retired (no login, sessions ended).
 */
async function seedAgents(repo: Repository, seeds: readonly AgentSeed[], log: Logger): Promise<void> {
  const retired = repo.retainAgents(new Set(seeds.map((s) => s.id)));
  if (retired.length > 0) log.info('agents not in the list retired', { count: retired.length });
  const existing = new Map(repo.agents().map((a) => [a.id, a]));
  const rows = await Promise.all(
    seeds.map(async (seed) => {
      const old = existing.get(seed.id);
      const same = old !== undefined && old.username === seed.username && old.extension === seed.extension && (await verifyPassword(seed.password, old.passwordHash));
      return same ? null : { id: seed.id, username: seed.username, extension: seed.extension, passwordHash: await hashPassword(seed.password) };
    }),
  );
  repo.transaction(() => rows.forEach((row) => row && repo.upsertAgent(row)));
}

/** Starts the server on 127.0.0.1. */
export async function startPartnerServer(options: PartnerServerOptions): Promise<RunningPartnerServer> {
  const log = options.log ?? createLogger();
  const origins = options.origins ?? DEFAULT_ORIGINS;
  const now = options.now ?? ((): number => Date.now());
  const repo = new Repository(options.db);
  let adminToken = options.adminToken;
  let adminTokenFile: string | null = null;
  if (adminToken === null) {
    adminToken = randomBytes(24).toString('base64url');
    adminTokenFile = path.join(path.dirname(path.resolve(options.db)), 'admin-token');
    fs.writeFileSync(adminTokenFile, `${adminToken}\n`, { mode: 0o600 });
  }
  try {
    await seedAgents(repo, options.agents, log);
  } catch (e) {
    repo.close();
    throw e;
  }
  const switchboard = new Switchboard({ repo, now, log, ringTimeoutMs: options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS });
  const auth = new Auth(repo, now, options.sessionTtlMs);
  const gateway = new Gateway({ switchboard, auth, repo, log, origins, now, ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}) });
  const server = http.createServer(createAdminHandler({ switchboard, gateway, adminToken, origins, log }));
  gateway.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  }).catch((e: unknown) => {
    gateway.close();
    switchboard.dispose();
    repo.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  log.info('partner server listening', { port, agents: switchboard.agentIds().length });
  let closing: Promise<void> | null = null;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${WS_PATH}`,
    adminToken,
    adminTokenFile,
    switchboard,
    gateway,
    repo,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        gateway.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        switchboard.dispose();
        repo.close();
      });
      return closing;
    },
  };
}
