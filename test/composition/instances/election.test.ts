import { CLAIM_MS, ELECTION_CHANNEL_NAME, Election, HEARTBEAT_MS, LEASE_MS, parseElectionMessage, type Role } from '../../../src/composition/instances/election';
import { FakeBroadcastHub } from '../../support/fake-broadcast-hub';
import { FakeClock } from '../../support/fake-clock';

/** The contract's bound on a takeover (CONTRACT §6). */
const TAKEOVER_LIMIT_MS = 2_000;

function world() {
  const clock = new FakeClock();
  const hub = new FakeBroadcastHub(clock);
  const elections = new Map<string, Election>();
  const roles = new Map<string, Role[]>();
  const open = (id: string): Election => {
    roles.set(id, []);
    const e = new Election({ id, clock, channel: hub.opener(id)(ELECTION_CHANNEL_NAME), onRole: (r) => roles.get(id)?.push(r) });
    elections.set(id, e);
    return e;
  };
  const leaders = (): string[] => [...elections].filter(([, e]) => e.current === 'leader').map(([id]) => id);
  return { clock, hub, open, elections, roles, leaders };
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

  it('a leader that vanishes without a word (a crash) is replaced after its lease and a claim', () => {
    const w = world();
    w.open('a');
    w.clock.advance(1_000);
    const b = w.open('b');
    w.clock.advance(1_000);
    w.hub.crash('a');
    w.clock.advance(LEASE_MS - HEARTBEAT_MS - 1);
    expect(b.current).toBe('follower');
    w.clock.advance(HEARTBEAT_MS + 1 + CLAIM_MS);
    expect(b.current).toBe('leader');
  });

  it('an idle leader wakes rarely: at most one heartbeat per HEARTBEAT_MS, 12 a minute', () => {
    const w = world();
    w.open('a');
    w.open('b');
    w.clock.advance(1_000);
    const before = w.hub.posted.length;
    w.clock.advance(60_000);
    const beats = w.hub.posted.slice(before).filter((m) => (m.data as { t?: string }).t === 'heartbeat');
    expect(beats.length).toBeLessThanOrEqual(60_000 / HEARTBEAT_MS);
    expect(beats.length).toBeGreaterThan(0);
    expect(HEARTBEAT_MS * 2).toBeLessThan(LEASE_MS);
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
  });
});
