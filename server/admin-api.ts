/**
 * The admin HTTP API (CONTRACT §8), behind `Authorization: Bearer <admin token>`.
 *
 * @remarks
 * | request | answer |
 * | --- | --- |
 * | `POST /admin/agents/{id}/commands` (a §4 command) | `200 {ok: true, …}` or `4xx {error}` |
 * | `POST /admin/queue/calls` `{phoneNumber?}` | `200 {ok: true, callId, offeredTo}` |
 * | `GET /admin/queue` | `200 {calls}` (waiting and ringing queued calls) |
 * | `GET /admin/agents` | `200 {agents: [{id, …state}]}` (every agent, for the console) |
 * | `GET /admin/agents/{id}/state` | `200 {partnerStatus, routable, callState, calls, sessions, …}` |
 * | `POST /admin/agents/{id}/disconnect` | `200 {ok: true, closed}` (drops its connections like a network failure) |
 * | `GET /health` | `200 {ok: true}` (no token needed) |
 *
 * Bodies are JSON of at most 16 KiB. Browsers on an allowed origin may call it (CORS),
 * so the simulator console can drive the server.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError, type Switchboard } from './agents/switchboard';
import type { Gateway } from './gateway';
import type { Logger } from './log';
import { originAllowed } from './options';

const MAX_BODY_BYTES = 16 * 1024;

/** Options of {@link createAdminHandler}. */
export interface AdminApiOptions {
  readonly switchboard: Switchboard;
  readonly gateway: Gateway;
  readonly adminToken: string;
  readonly origins: readonly string[];
  readonly log: Logger;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The HTTP request handler of the admin API. */
export function createAdminHandler(o: AdminApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = digest(`Bearer ${o.adminToken}`);
  const authorized = (req: IncomingMessage): boolean => timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

  return (req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && originAllowed(origin, o.origins)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    }
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/health') {
      reply(200, { ok: true });
      return;
    }
    if (parts[0] !== 'admin') {
      reply(404, { error: 'not found; the admin API is under /admin/, connectors connect to /ws' });
      return;
    }
    if (!authorized(req)) {
      o.log.warn('admin request refused', { reason: 'missing or wrong admin token' });
      reply(401, { error: 'missing or wrong admin token (Authorization: Bearer <token>)' });
      return;
    }
    readJson(req)
      .then((body) => route(o, req.method ?? 'GET', parts, body))
      .then(
        (result) => reply(200, result),
        (e: unknown) => {
          if (e instanceof AdminError) {
            o.log.info('admin request refused', { status: e.status, error: e.message });
            reply(e.status, { error: e.message });
          } else {
            o.log.error('admin request failed', { error: e instanceof Error ? e.message : String(e) });
            reply(500, { error: 'internal error' });
          }
        },
      );
  };
}

function route(o: AdminApiOptions, method: string, parts: readonly string[], body: unknown): unknown {
  const [, collection, id, action] = parts;
  const known = (agentId: string | undefined): string => {
    if (agentId === undefined || !o.switchboard.agent(agentId)) throw new AdminError(404, `no agent ${agentId ?? ''}`);
    return agentId;
  };
  if (collection === 'queue' && parts.length === 3 && id === 'calls' && method === 'POST') {
    const phoneNumber = (body as { phoneNumber?: unknown } | undefined)?.phoneNumber;
    if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || phoneNumber.length < 1 || phoneNumber.length > 64)) {
      throw new AdminError(400, 'phoneNumber must be a string of 1-64 characters');
    }
    const q = o.switchboard.acd.enqueue(phoneNumber);
    if (!q) throw new AdminError(409, 'the queue is full');
    return { ok: true, callId: q.id, offeredTo: q.offeredTo };
  }
  if (collection === 'queue' && parts.length === 2 && method === 'GET') {
    return { calls: o.switchboard.acd.list().map((q) => ({ callId: q.id, enqueuedAt: q.enqueuedAt, offeredTo: q.offeredTo, attempts: q.attempts })) };
  }
  if (collection === 'agents' && parts.length === 2 && method === 'GET') {
    return { agents: o.switchboard.agentIds().map((agentId) => ({ id: agentId, ...o.switchboard.adminState(agentId, o.gateway.sessionsOf(agentId)) })) };
  }
  if (collection === 'agents' && parts.length === 4) {
    if (action === 'commands' && method === 'POST') return o.switchboard.control(known(id), body);
    if (action === 'state' && method === 'GET') return o.switchboard.adminState(known(id), o.gateway.sessionsOf(known(id)));
    if (action === 'disconnect' && method === 'POST') return { ok: true, closed: o.gateway.disconnect(known(id)) };
  }
  throw new AdminError(404, `no admin route ${method} /${parts.join('/')}`);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the 413 still reaches the client.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new AdminError(413, `body larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new AdminError(400, 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
