/**
 * @jest-environment node
 */
// The server's small parts, one rule at a time: options, origin allow-list, protocol
// parsing, the rate limiter, the masked log, passwords and sessions, the repository.
import fs from 'node:fs';
import path from 'node:path';
import { Auth, hashPassword, tokenHash, verifyPassword } from '../../server/auth';
import { EVENT_LOG_LIMIT, Repository } from '../../server/db/repository';
import { createLogger, maskNumbers, type LogEntry } from '../../server/log';
import { DEFAULT_ORIGINS, DEMO_AGENTS, originAllowed, parseOptions, readAgents } from '../../server/options';
import { parseClientMessage } from '../../src/partner/wire/parse-client';
import { RateLimiter } from '../../server/rate-limiter';
import { removeTemp, tempDir } from './support';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeTemp(dir));

describe('options', () => {
  it('defaults to port 8090, a database under .data/ and the demo agents', () => {
    expect(parseOptions([])).toMatchObject({ port: 8090, db: path.join('.data', 'partner-server.sqlite'), agents: DEMO_AGENTS, adminToken: null, origins: DEFAULT_ORIGINS, ringTimeoutMs: 20_000 });
  });

  it('reads every option', () => {
    const file = path.join(dir, 'agents.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 'x1', username: 'xu', password: 'pw' }]));
    const o = parseOptions(['--port', '0', '--db', 'a.db', '--agents', file, '--admin-token', 'long-enough', '--origin', 'https://*.example.com', '--ring-timeout-ms', '500']);
    expect(o).toEqual({ port: 0, db: 'a.db', agents: [{ id: 'x1', username: 'xu', password: 'pw', extension: '1001' }], adminToken: 'long-enough', origins: ['https://*.example.com'], ringTimeoutMs: 500 });
  });

  it.each([
    [['--port', '70000'], /--port must be a whole number/],
    [['--port'], /--port needs a value/],
    [['--admin-token', 'short'], /at least 8/],
    [['--origin', 'javascript:alert(1)'], /--origin must look like/],
    [['--verbose'], /unknown option --verbose/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it('refuses a malformed agents file, saying which entry', () => {
    const cases: [unknown, RegExp][] = [
      [[], /non-empty JSON list/],
      [[{ id: 'a', username: 'u' }], /entry 0 needs id/],
      [[{ id: 'a', username: 'u', password: 'p' }, { id: 'a', username: 'v', password: 'p' }], /duplicate id in entry 1/],
      [[{ id: 'a', username: 'u', password: 'p', extension: '12' }], /extension must be 3-15 digits/],
    ];
    for (const [content, message] of cases) {
      const file = path.join(dir, 'bad-agents.json');
      fs.writeFileSync(file, JSON.stringify(content));
      expect(() => readAgents(file)).toThrow(message);
    }
    expect(() => readAgents(path.join(dir, 'missing.json'))).toThrow(/--agents/);
  });

  it('allows exact origins and subdomains of a wildcard entry, nothing else', () => {
    const allowed = ['http://127.0.0.1:8080', 'https://*.lightning.force.com'];
    expect(originAllowed('http://127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('https://acme.lightning.force.com', allowed)).toBe(true);
    expect(originAllowed('https://lightning.force.com', allowed)).toBe(false);
    expect(originAllowed('https://acme.lightning.force.com.evil.test', allowed)).toBe(false);
    expect(originAllowed('http://acme.lightning.force.com', allowed)).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', allowed)).toBe(false);
    expect(originAllowed(undefined, allowed)).toBe(false);
  });
});

describe('protocol', () => {
  it('reads the five message types', () => {
    expect(parseClientMessage('{"type":"login","id":"1","username":"u","password":"p"}')).toEqual({ type: 'login', id: '1', username: 'u', password: 'p' });
    expect(parseClientMessage('{"type":"hello","id":"2","token":"t","lastSeq":5}')).toEqual({ type: 'hello', id: '2', token: 't', lastSeq: 5 });
    expect(parseClientMessage('{"type":"ping","id":"3"}')).toEqual({ type: 'ping', id: '3' });
    expect(parseClientMessage('{"type":"signOut","id":"4"}')).toEqual({ type: 'signOut', id: '4' });
    expect(parseClientMessage('{"type":"command","id":"5","name":"hold","args":{"callId":"c"}}')).toEqual({ type: 'command', id: '5', name: 'hold', args: { callId: 'c' } });
  });

  it.each([
    ['[1]', 'BAD_MESSAGE', undefined],
    ['{"type":"ping"}', 'BAD_MESSAGE', undefined],
    [`{"type":"ping","id":"${'x'.repeat(65)}"}`, 'BAD_MESSAGE', undefined],
    ['{"type":"hello","id":"h","token":"t","lastSeq":-1}', 'BAD_MESSAGE', 'h'],
    ['{"type":"login","id":"l","username":"","password":"p"}', 'BAD_MESSAGE', 'l'],
    ['{"type":"command","id":"c","name":"toString"}', 'UNKNOWN_COMMAND', 'c'],
    ['{"type":"command","id":"c","name":"hold","args":[1]}', 'BAD_MESSAGE', 'c'],
  ])('refuses %s with %s', (text, code, id) => {
    const result = parseClientMessage(text);
    expect(result).toEqual({ error: { code, message: expect.any(String) }, ...(id !== undefined ? { id } : {}) });
  });

  it('the rate limiter allows the burst, then the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => limiter.take())).toEqual([true, true, true, true, true, false]);
    now += 99;
    expect(limiter.take()).toBe(false);
    now += 2;
    expect(limiter.take()).toBe(true);
  });
});

describe('log', () => {
  it('drops secret and personal fields and masks phone-like text', () => {
    const entries: LogEntry[] = [];
    const log = createLogger((e) => entries.push(e));
    log.info('call from +1 (555) 555-0123 ringing', { password: 'pw', token: 't', phoneNumber: '+15555550123', username: 'alice', digits: '1234', callId: 'c-1', reason: 'dialled 555 555 0199' });
    expect(entries).toEqual([{ at: expect.any(String), level: 'info', message: 'call from [number] ringing', callId: 'c-1', reason: 'dialled [number]' }]);
    expect(maskNumbers('status AVAILABLE at 12')).toBe('status AVAILABLE at 12');
    expect(maskNumbers('call 560e5f70-62fd-4898-aade-ad753462844e from 555.555.0123')).toBe('call 560e5f70-62fd-4898-aade-ad753462844e from [number]');
  });

  it('keeps a UUID whole even when its first groups are all digits, and masks a number beside it', () => {
    expect(maskNumbers('call 12345678-1234-4abc-8def-123456789abc ended')).toBe('call 12345678-1234-4abc-8def-123456789abc ended');
    expect(maskNumbers('leg 0e4b1c2d-9999-4000-8000-000000000000')).toBe('leg 0e4b1c2d-9999-4000-8000-000000000000');
    expect(maskNumbers('to +1 (415) 555-0100, call 12345678-1234-4abc-8def-123456789abc, from 4155550101')).toBe(
      'to [number], call 12345678-1234-4abc-8def-123456789abc, from [number]',
    );
  });

  it('never throws when the sink does', () => {
    const log = createLogger(() => {
      throw new Error('disk full');
    });
    expect(() => log.error('x')).not.toThrow();
  });
});

describe('passwords and sessions', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
  });

  it('stores only a hash of the token; a session ends at its expiry and on sign-out', async () => {
    const repo = new Repository(path.join(dir, 'auth.sqlite'));
    repo.upsertAgent({ id: 'a', username: 'u', passwordHash: await hashPassword('pw'), extension: '100' });
    let now = 1_000;
    const auth = new Auth(repo, () => now, 60_000);
    expect(await auth.login('u', 'nope')).toBe('BAD_CREDENTIALS');
    const session = await auth.login('u', 'pw');
    if (typeof session === 'string') throw new Error(session);
    expect(session).toEqual({ agentId: 'a', token: expect.any(String), expiresAt: 61_000 });
    const stored = repo.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored).toEqual([{ token_hash: tokenHash(session.token) }]);
    now = 60_999;
    expect(auth.resume(session.token)).toMatchObject({ agentId: 'a' });
    now = 61_000;
    expect(auth.resume(session.token)).toBe('SESSION_EXPIRED');
    now = 1_000;
    auth.end(session.token);
    expect(auth.resume(session.token)).toBe('SESSION_EXPIRED');
    repo.close();
  });
});

describe('repository', () => {
  it('uses WAL and round-trips an agent\'s state with its events in one transaction', () => {
    const repo = new Repository(path.join(dir, 'repo.sqlite'));
    expect(repo.db.pragma('journal_mode', { simple: true })).toBe('wal');
    repo.upsertAgent({ id: 'a', username: 'u', passwordHash: 'h', extension: '100' });
    const state = {
      status: 'BREAK',
      callState: 'connected',
      muted: true,
      recordingPaused: false,
      dtmfCount: 3,
      nextScheduleSeq: 2,
      idleSince: 7,
      calls: [{ id: 'c1', role: 'customer', direction: 'inbound', phoneNumber: '+15555550100', state: 'connected', createdAt: 5 }],
      schedule: [{ seq: 1, at: 99, kind: 'end', status: 'AVAILABLE', breakStatus: 'BREAK' }],
    };
    expect(repo.saveAgent('a', state, 0, [{ at: 1, body: '"one"' }, { at: 2, body: '"two"' }])).toBe(2);
    expect(repo.loadAgent('a')).toEqual({ seq: 2, state });
    expect(repo.eventsAfter('a', 0)).toEqual([{ seq: 1, at: 1, body: '"one"' }, { seq: 2, at: 2, body: '"two"' }]);
    expect(repo.eventsAfter('a', 2)).toEqual([]);
    expect(repo.loadAgent('zz')).toBeUndefined();
    repo.close();
  });

  it('keeps a bounded event log: a resume point older than it gets no replay', () => {
    const repo = new Repository(path.join(dir, 'trim.sqlite'));
    repo.upsertAgent({ id: 'a', username: 'u', passwordHash: 'h', extension: '100' });
    const state = { status: 'OFFLINE', callState: 'idle', muted: false, recordingPaused: false, dtmfCount: 0, nextScheduleSeq: 0, idleSince: 0, calls: [], schedule: [] };
    let seq = 0;
    for (let i = 0; i < EVENT_LOG_LIMIT + 200; i += 1) seq = repo.saveAgent('a', state, seq, [{ at: i, body: '{}' }]);
    expect(repo.eventsAfter('a', 10)).toBeUndefined();
    expect(repo.eventsAfter('a', seq - 5)?.map((e) => e.seq)).toEqual([seq - 4, seq - 3, seq - 2, seq - 1, seq]);
    repo.close();
  });

  it('refuses a database written by a newer server', () => {
    const file = path.join(dir, 'newer.sqlite');
    const repo = new Repository(file);
    repo.db.pragma('user_version = 99');
    repo.close();
    expect(() => new Repository(file)).toThrow(/schema version 99 is newer/);
  });
});
