import fc from 'fast-check';
import { CLAIM_MS, ELECTION_CHANNEL_NAME, Election, HEARTBEAT_MS, LEASE_MS, parseElectionMessage, type Role } from '../../../src/composition/instances/election';
import type { Clock, TimerHandle } from '../../../src/platform/clock';
import { FakeBroadcastHub } from '../../support/fake-broadcast-hub';
import { FakeClock } from '../../support/fake-clock';
import { fcOptions } from '../../support/fc-runs';

/** The contract's bound on a takeover (CONTRACT §6). */
const TAKEOVER_LIMIT_MS = 2_000;
const MINUTE = 60_000;

/** One instance's view of the shared clock: counts its timers that fire (its wake-ups) and can run them late (a busy main thread). */
class InstanceClock implements Clock {
  fired = 0;
  lag = 0;
  constructor(private readonly clock: FakeClock) {}
  now(): number {
    return this.clock.now();
  }
  elapsed(): number {
    return this.clock.elapsed();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.clock.setTimeout(() => {
      this.fired += 1;
      fn();
    }, ms + this.lag);
  }
  clearTimeout(handle: TimerHandle): void {
    this.clock.clearTimeout(handle);
  }
}

function world() {
  const clock = new FakeClock();
  const hub = new FakeBroadcastHub(clock);
  const elections = new Map<string, Election>();
  const clocks = new Map<string, InstanceClock>();
  const roles = new Map<string, Role[]>();
  const open = (id: string): Election => {
    roles.set(id, []);
    const own = new InstanceClock(clock);
    clocks.set(id, own);
    const e = new Election({ id, clock: own, channel: hub.opener(id)(ELECTION_CHANNEL_NAME), onRole: (r) => roles.get(id)?.push(r) });
    elections.set(id, e);
    return e;
  };
  const leaders = (): string[] => [...elections].filter(([, e]) => e.current === 'leader').map(([id]) => id);
  /** How many messages of kind `t` were posted (by anyone) since the `from`th message. */
  const posted = (t: string, from = 0): number => hub.posted.slice(from).filter((m) => (m.data as { t?: string }).t === t).length;
  const wakeUps = (id: string): number => clocks.get(id)?.fired ?? NaN;
  return { clock, hub, open, elections, clocks, roles, leaders, posted, wakeUps };
}

/** A world where `a` leads and `b` follows it. */
function leaderAndFollower(): ReturnType<typeof world> {
  const w = world();
  w.open('a');
  w.clock.advance(1_000);
  w.open('b');
  w.clock.advance(1_000);
  return w;
}

describe('Election over BroadcastChannel', () => {
  it('a lone instance claims at once and leads after its claim, without waiting for a leader first', () => {
    const w = world();
    const a = w.open('a');
    expect(a.current).toBe('candidate');
    w.clock.advance(CLAIM_MS - 1);
    expect(a.current).toBe('candidate');
    w.clock.advance(1);
    expect(a.current).toBe('leader');
  });

  it('a second instance follows the leader it hears, as soon as the leader answers its claim', () => {
    const w = world();
    w.open('b');
    w.clock.advance(1_000);
    const a = w.open('a');
    w.clock.advance(1);
    expect(a.current).toBe('follower');
    w.clock.advance(5 * LEASE_MS);
    expect(a.current).toBe('follower');
    expect(a.leader).toBe('b');
    expect(w.leaders()).toEqual(['b']);
  });

  it('three instances starting together elect exactly one leader', () => {
    const w = world();
    w.open('c');
    w.open('a');
    w.open('b');
    w.clock.advance(3_000);
    expect(w.leaders()).toEqual(['a']);
  });

  it('the leader resigns on close: a follower leads within CLAIM_MS', () => {
    const w = world();
    const a = w.open('a');
    w.clock.advance(1_000);
    const b = w.open('b');
    w.clock.advance(1_000);
    a.close();
    w.clock.advance(CLAIM_MS - 1);
    expect(b.current).toBe('candidate');
    w.clock.advance(1);
    expect(b.current).toBe('leader');
  });

  it('a closing leader is replaced within the contract\'s 2 s (it resigns on pagehide)', () => {
    expect(CLAIM_MS).toBeLessThan(TAKEOVER_LIMIT_MS);
  });

  it('a lone idle tab sets no timer: zero wake-ups over 10 minutes after it leads', () => {
    const w = world();
    const a = w.open('a');
    w.clock.advance(CLAIM_MS);
    expect(a.current).toBe('leader');
    const before = w.wakeUps('a');
    w.clock.advance(10 * MINUTE);
    expect(w.wakeUps('a')).toBe(before);
    expect(w.clock.pendingTimers()).toBe(0);
    expect(w.posted('heartbeat')).toBe(1); // the announcement only
  });

  it('followers joining and leaving start and stop the heartbeat', () => {
    const w = world();
    w.open('a');
    w.clock.advance(1_000);
    const b = w.open('b');
    const c = w.open('c');
    w.clock.advance(1_000);
    let mark = w.hub.posted.length;
    w.clock.advance(10_000);
    expect(w.posted('heartbeat', mark)).toBe(10_000 / HEARTBEAT_MS);
    b.close();
    mark = w.hub.posted.length;
    w.clock.advance(10_000);
    expect(w.posted('heartbeat', mark)).toBe(10_000 / HEARTBEAT_MS); // c still follows
    c.close();
    w.clock.advance(0);
    mark = w.hub.posted.length;
    const before = w.wakeUps('a');
    w.clock.advance(10 * MINUTE);
    expect(w.posted('heartbeat', mark)).toBe(0);
    expect(w.wakeUps('a')).toBe(before);
    const d = w.open('d');
    w.clock.advance(1);
    expect(d.current).toBe('follower');
    mark = w.hub.posted.length;
    w.clock.advance(10_000);
    expect(w.posted('heartbeat', mark)).toBe(10_000 / HEARTBEAT_MS);
    expect(w.leaders()).toEqual(['a']);
  });

  it('a leader counts only the followers of its own term: one that left while it followed is forgotten', () => {
    const w = leaderAndFollower();
    const a = w.elections.get('a') as Election;
    const rogue = w.hub.opener('z')(ELECTION_CHANNEL_NAME);
    rogue.postMessage({ t: 'heartbeat', from: 'z', epoch: a.term + 5 });
    w.clock.advance(0);
    w.hub.crash('b'); // gone without a bye while a follows z
    w.elections.delete('b');
    rogue.postMessage({ t: 'resign', from: 'z', epoch: a.term });
    w.clock.advance(CLAIM_MS);
    expect(a.current).toBe('leader');
    const mark = w.hub.posted.length;
    w.clock.advance(10 * MINUTE);
    expect(w.posted('heartbeat', mark)).toBe(0);
  });

  it('a follower\'s lease re-arms without firing while heartbeats come: it never wakes on its own', () => {
    const w = world();
    w.open('a');
    w.clock.advance(1_000);
    const b = w.open('b');
    w.clock.advance(1_000);
    const [before, claims] = [w.wakeUps('b'), w.posted('claim')];
    w.clock.advance(10 * MINUTE);
    expect(w.wakeUps('b')).toBe(before);
    expect(w.posted('claim')).toBe(claims);
    expect(b.current).toBe('follower');
  });

  it('a crashed leader (no resign) is replaced within 2 s, whenever in the heartbeat it dies, by one new leader', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 * HEARTBEAT_MS }), (followers, offset) => {
        const w = world();
        w.open('a');
        w.clock.advance(1_000);
        for (let i = 0; i < followers; i++) w.open(`f${i}`);
        w.clock.advance(1_000 + offset);
        w.hub.crash('a');
        w.elections.delete('a');
        w.clock.advance(TAKEOVER_LIMIT_MS);
        expect(w.leaders()).toHaveLength(1);
        w.clock.advance(MINUTE);
        const [leader] = w.leaders();
        expect(w.leaders()).toHaveLength(1);
        for (const e of w.elections.values()) expect(e.leader).toBe(leader);
      }),
      fcOptions(100, 'FC_RUNS'),
    );
    expect(LEASE_MS + CLAIM_MS).toBeLessThan(TAKEOVER_LIMIT_MS);
  });

  it('a slow leader (every timer up to 600 ms late: a busy main thread) keeps leading and no follower even claims', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (lag) => {
        const w = leaderAndFollower();
        const a = w.elections.get('a') as Election;
        const clock = w.clocks.get('a');
        if (clock) clock.lag = lag;
        const [claims, term] = [w.posted('claim'), a.term];
        w.clock.advance(MINUTE);
        expect(w.posted('claim')).toBe(claims);
        expect(w.leaders()).toEqual(['a']);
        expect(a.term).toBe(term);
      }),
      fcOptions(50, 'FC_RUNS'),
    );
  });

  it('a leader reloads while its follower is slow to take over: the new page follows that follower, it never leads with nothing', () => {
    // The follower holds the state (its mirror); the reloaded page starts empty. Its claim
    // reaches the follower while that is still a candidate for the next term, however late
    // the follower's own timers run (a busy tab).
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: CLAIM_MS }), (lag, startAfter) => {
        const w = leaderAndFollower();
        const a = w.elections.get('a') as Election;
        const clock = w.clocks.get('b');
        if (clock) clock.lag = lag;
        a.close();
        w.elections.delete('a');
        w.clock.advance(1);
        w.clock.advance(startAfter);
        const reloaded = w.open('a2');
        w.clock.advance(TAKEOVER_LIMIT_MS);
        expect(w.roles.get('a2')).not.toContain('leader');
        expect(w.leaders()).toEqual(['b']);
        expect(reloaded.leader).toBe('b');
      }),
      fcOptions(60, 'FC_RUNS'),
    );
  });

  it('a leader crashes and a new page opens before the follower notices: the follower takes over, the new page follows it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LEASE_MS }), (openAfter) => {
        const w = leaderAndFollower();
        w.hub.crash('a');
        w.elections.delete('a');
        w.clock.advance(openAfter);
        const fresh = w.open('c');
        w.clock.advance(TAKEOVER_LIMIT_MS + LEASE_MS);
        expect(w.roles.get('c')).not.toContain('leader');
        expect(w.leaders()).toEqual(['b']);
        expect(fresh.leader).toBe('b');
      }),
      fcOptions(60, 'FC_RUNS'),
    );
  });

  it('a new page that only followers answer waits for them, and leads itself once every one of them is gone', () => {
    const w = leaderAndFollower();
    w.hub.crash('a');
    w.elections.delete('a');
    const c = w.open('c');
    w.clock.advance(1);
    expect(c.current).toBe('follower'); // b objected: it holds the agent's state
    w.hub.crash('b');
    w.elections.delete('b');
    w.clock.advance(LEASE_MS + CLAIM_MS);
    expect(c.current).toBe('leader');
  });

  it('a leader that hears a better leader (higher epoch) steps down and follows it', () => {
    const w = world();
    const b = w.open('b');
    w.clock.advance(1_000);
    expect(b.current).toBe('leader');
    const rogue = w.hub.opener('z')(ELECTION_CHANNEL_NAME);
    rogue.postMessage({ t: 'heartbeat', from: 'z', epoch: b.term + 1 });
    w.clock.advance(0);
    expect(b.current).toBe('follower');
    expect(b.leader).toBe('z');
  });

  it('a leader ignores a worse leader and answers with its own heartbeat', () => {
    const w = world();
    const b = w.open('b');
    w.clock.advance(1_000);
    const rogue = w.hub.opener('z')(ELECTION_CHANNEL_NAME);
    rogue.postMessage({ t: 'heartbeat', from: 'z', epoch: b.term });
    w.clock.advance(0);
    expect(b.current).toBe('leader');
  });

  it('ignores garbage on the channel', () => {
    for (const bad of [null, 1, 'x', {}, { t: 'heartbeat', from: 'a' }, { t: 'claim', from: '', epoch: 1 }, { t: 'nope', from: 'a', epoch: 1 }, { t: 'hello', from: 'a' }]) {
      expect(parseElectionMessage(bad)).toBeNull();
    }
    expect(parseElectionMessage({ t: 'claim', from: 'a', epoch: 2 })).toEqual({ t: 'claim', from: 'a', epoch: 2 });
    expect(parseElectionMessage({ t: 'bye', from: 'a', epoch: 0, x: 1 })).toEqual({ t: 'bye', from: 'a', epoch: 0 });
  });
});
