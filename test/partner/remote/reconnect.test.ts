/**
 * @jest-environment node
 */
// RemotePartner after drops: backoff and jitter, heartbeat, resync by lastSeq or snapshot,
// garbage frames, the server clock's offset; and a property: any interleaving of drops,
// replays and duplicates leaves the mirror equal to the server, each event announced once.
import fc from 'fast-check';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelay } from '../../../src/partner/remote/backoff';
import { HEARTBEAT_MS } from '../../../src/partner/remote/link';
import { PARTNER_STATUSES, type PartnerStatus } from '../../../src/vocabulary/partner-status';
import { fcOptions } from '../../support/fc-runs';
import { connected, harness, type Harness } from './harness';
import { flush } from './model-server';

/** Drops the live connection from the server side and lets the partner see it. */
async function dropLive(h: Harness): Promise<void> {
  h.server.live!.drop();
  await flush();
}

/** Advances the fake clock past the next retry and lets the attempt run. */
async function retry(h: Harness): Promise<void> {
  h.clock.advance(MAX_RETRY_MS);
  await flush();
}

describe('backoff', () => {
  it('waits within the upper half of the capped exponential: first within 1 s, never over 30 s', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const cap = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
        const delay = retryDelay(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(cap / 2);
        expect(delay).toBeLessThanOrEqual(cap);
      }),
      fcOptions(500, 'FC_RUNS'),
    );
    expect([0, 1, 2, 4, 5, 40].map((a) => retryDelay(a, 0))).toEqual([500, 1_000, 2_000, 8_000, 15_000, 15_000]);
  });

  it.each([
    [0, [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]],
    [0.999_999, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]],
  ])('a server that stays down is retried on that schedule (random %p), then the delay starts over', async (random, schedule) => {
    const h = await connected({ random });
    h.server.reachable = false;
    await dropLive(h);
    expect(h.partner.connectionState).toBe('reconnecting');
    for (const delay of schedule) {
      const before = h.server.connections.length;
      h.clock.advance(delay - 1);
      await flush();
      expect(h.server.connections).toHaveLength(before);
      h.clock.advance(1);
      await flush();
      expect(h.server.connections).toHaveLength(before + 1);
    }
    h.server.reachable = true;
    await retry(h);
    expect(h.partner.connectionState).toBe('connected');
    h.server.reachable = false;
    await dropLive(h);
    const before = h.server.connections.length;
    h.clock.advance(schedule[0]!);
    await flush();
    expect(h.server.connections).toHaveLength(before + 1);
  });
});

describe('heartbeat', () => {
  it('one ping per interval while connected; an unanswered one drops the connection and reconnects', async () => {
    const h = await connected();
    expect(h.clock.pendingTimers()).toBe(1);
    h.clock.advance(HEARTBEAT_MS);
    await flush();
    expect(h.server.live!.sent.at(-1)).toMatchObject({ type: 'ping' });
    h.server.pongs = false;
    h.clock.advance(HEARTBEAT_MS);
    await flush();
    expect(h.partner.connectionState).toBe('connected');
    h.clock.advance(HEARTBEAT_MS);
    await flush();
    expect(h.partner.connectionState).toBe('reconnecting');
    expect(h.logs).toContainEqual(expect.objectContaining({ reason: expect.stringContaining('no answer to the heartbeat') }));
    h.server.pongs = true;
    await retry(h);
    expect(h.partner.connectionState).toBe('connected');
  });

  it('no timer runs while the agent is not logged in', async () => {
    const h = harness({ token: null });
    await h.partner.connect({ config: { '/partner/url': 'ws://127.0.0.1:8090/ws' } });
    expect(h.clock.pendingTimers()).toBe(0);
  });
});

describe('resync', () => {
  it('says hello with lastSeq and applies the missed events in order, none twice (also a replay overlapping what it has)', async () => {
    const h = await connected();
    h.server.setStatus('BREAK');
    await flush();
    await dropLive(h);
    h.server.setStatus('LUNCH');
    h.server.setStatus('MEETING');
    await retry(h);
    const hello = h.server.live!.sent.find((m) => m.type === 'hello');
    expect(hello).toMatchObject({ lastSeq: 2 });
    // A duplicate push of an old event changes nothing.
    h.server.live!.push({ type: 'event', ...h.server.log[2]! });
    await flush();
    expect(h.events.map((e) => e.type === 'statusChanged' && e.status)).toEqual(['BREAK', 'LUNCH', 'MEETING']);
    expect(h.events.map((e) => e.seq)).toEqual([1, 3, 5]);
    expect(h.partner.getStatus()).toBe('MEETING');
    expect(h.states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('a snapshot replaces the mirror and announces one resynced, with a seq above the last', async () => {
    const h = await connected();
    h.server.setStatus('BREAK');
    await flush();
    await dropLive(h);
    h.server.snapshotOnly = true;
    h.server.setStatus('TRAINING');
    await retry(h);
    expect(h.events.map((e) => e.type)).toEqual(['statusChanged', 'resynced']);
    expect(h.events[1]!.seq).toBeGreaterThan(h.events[0]!.seq);
    expect(h.partner.getStatus()).toBe('TRAINING');
  });

  it('a server that lost its history (seq back to 0) still gets rising seqs', async () => {
    const h = await connected();
    h.server.setStatus('BREAK');
    await flush();
    await dropLive(h);
    h.server.log.length = 0;
    await retry(h);
    h.server.setStatus('LUNCH');
    await flush();
    const seqs = h.events.map((e) => e.seq);
    expect(h.events.map((e) => e.type)).toEqual(['statusChanged', 'resynced', 'statusChanged']);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
  });

  it('an expired session on reconnect gives up: disconnected, login needed', async () => {
    const h = await connected();
    await dropLive(h);
    h.server.tokens.clear();
    await retry(h);
    expect(h.partner.connectionState).toBe('disconnected');
    h.clock.advance(10 * MAX_RETRY_MS);
    await flush();
    expect(h.server.connections).toHaveLength(2);
  });
});

describe('hostile frames', () => {
  it.each([
    ['text', 'not json', 'not JSON'],
    ['array', '[1,2]', 'not a JSON object'],
    ['bad event', JSON.stringify({ type: 'event', seq: 9, at: 1, event: { type: 'statusChanged', status: 'NOPE' }, state: {} }), 'event frame'],
    ['bad snapshot', JSON.stringify({ type: 'snapshot', seq: 9, at: 1, state: { status: 'BREAK' } }), 'snapshot frame'],
    ['answer without id', JSON.stringify({ type: 'answer', ok: true }), 'answer frame'],
    ['unknown type', JSON.stringify({ type: 'surprise' }), 'unknown frame type'],
    ['17 KiB', 'x'.repeat(17 * 1024), 'frame over'],
  ])('a frame (%s) is dropped with a logged reason; the mirror and the connection are intact', async (_label, frame, reason) => {
    const h = await connected();
    h.server.live!.push(frame);
    await flush();
    expect(h.logs).toContainEqual({ message: 'server frame dropped', reason: expect.stringContaining(reason) });
    expect(JSON.stringify(h.logs)).not.toContain('NOPE');
    expect([h.partner.getStatus(), h.partner.connectionState]).toEqual(['AVAILABLE', 'connected']);
    await h.partner.setStatus('BREAK', 'still works');
    expect(h.partner.getStatus()).toBe('BREAK');
  });

  it('a binary frame is dropped', async () => {
    const h = await connected();
    h.server.live!.on.message(new ArrayBuffer(4));
    expect(h.logs).toContainEqual({ message: 'server frame dropped', reason: 'binary frame' });
  });
});

describe('server clock', () => {
  it('partnerNow is the local clock plus the offset estimated from pong (half the round trip)', async () => {
    const h = harness();
    h.server.clockOffset = 10_000;
    await h.partner.connect({ config: { '/partner/url': 'ws://127.0.0.1:8090/ws' } });
    expect(h.partner.partnerNow()).toBe(h.clock.now() + 10_000);
    h.server.clockOffset = -2_500;
    h.clock.advance(HEARTBEAT_MS);
    await flush();
    expect(h.partner.partnerNow()).toBe(h.clock.now() - 2_500);
  });
});

describe('property: drops, replays and duplicates', () => {
  type Step = { kind: 'change'; status: PartnerStatus } | { kind: 'drop' } | { kind: 'reconnect'; snapshot: boolean } | { kind: 'duplicate'; back: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('change' as const), status: fc.constantFrom(...PARTNER_STATUSES) }),
    fc.record({ kind: fc.constant('drop' as const) }),
    fc.record({ kind: fc.constant('reconnect' as const), snapshot: fc.boolean() }),
    fc.record({ kind: fc.constant('duplicate' as const), back: fc.nat(5) }),
  );

  it('the mirror ends equal to the server; announced seqs rise; without a snapshot every change is announced once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const h = await connected();
        let snapshots = false;
        for (const s of steps) {
          if (s.kind === 'change') h.server.setStatus(s.status);
          else if (s.kind === 'drop' && h.server.live) h.server.live.drop();
          else if (s.kind === 'reconnect') {
            h.server.snapshotOnly = s.snapshot;
            snapshots ||= s.snapshot && h.partner.connectionState === 'reconnecting';
            h.clock.advance(MAX_RETRY_MS);
          } else if (s.kind === 'duplicate' && h.server.live?.bound) {
            const old = h.server.log.at(-1 - s.back);
            if (old) h.server.live.push({ type: 'event', ...old });
          }
          await flush();
        }
        h.server.snapshotOnly = false;
        for (let i = 0; i < 3 && h.partner.connectionState !== 'connected'; i++) await retry(h);
        expect(h.partner.connectionState).toBe('connected');
        expect(h.partner.getStatus()).toBe(h.server.view.status);
        const seqs = h.events.map((e) => e.seq);
        expect(seqs.every((q, i) => i === 0 || q > seqs[i - 1]!)).toBe(true);
        const announced = h.events.filter((e) => e.type === 'statusChanged').map((e) => e.seq);
        const logged = h.server.log.filter((e) => e.event.type === 'statusChanged').map((e) => e.seq);
        if (!snapshots) expect(announced).toEqual(logged);
        h.partner.dispose();
      }),
      fcOptions(150, 'FC_RUNS'),
    );
    // Runs on the fake clock; the limit only allows for a loaded machine.
  }, 60_000);
});
