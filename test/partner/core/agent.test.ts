/**
 * The pure partner core driven as a partner server drives it: an injected `now`, no
 * timer (the owner calls `fireDue` at `nextDueAt`), persistence through `snapshot`.
 */
import { DEFAULT_RING_TIMEOUT_MS, PartnerAgent } from '../../../src/partner/core/agent';
import { parseSnapshot } from '../../../src/partner/core/snapshot';
import type { AgentNotice } from '../../../src/partner/core/agent';

function rig(start = 1_000_000): { agent: PartnerAgent; events: string[]; setNow(t: number): void } {
  let now = start;
  let n = 0;
  const events: string[] = [];
  const describe = (e: AgentNotice): string =>
    e.type === 'changed' ? 'stateChanged' : e.type === 'statusChanged' ? `status:${e.status}(${e.origin})` : e.type === 'callStateChanged' ? `call:${e.state}` : 'call' in e ? `${e.type}:${e.call.id}` : e.type;
  const agent = new PartnerAgent({ now: () => now, newCallId: () => `a${++n}`, initialStatus: 'AVAILABLE', onEvent: (e) => events.push(describe(e)) });
  return { agent, events, setNow: (t) => (now = t) };
}

describe('PartnerAgent (the pure core)', () => {
  it('has nothing due until a call rings; the ring timeout is due exactly DEFAULT_RING_TIMEOUT_MS later', () => {
    const { agent } = rig();
    expect(agent.nextDueAt()).toBeNull();
    agent.incomingCall('+15555550100');
    expect(agent.nextDueAt()).toBe(1_000_000 + DEFAULT_RING_TIMEOUT_MS);
  });

  it('fireDue fires nothing before the deadline and misses the call at it', () => {
    const { agent, events, setNow } = rig();
    agent.incomingCall();
    events.length = 0;
    setNow(1_000_000 + DEFAULT_RING_TIMEOUT_MS - 1);
    agent.fireDue();
    expect(events).toEqual([]);
    setNow(1_000_000 + DEFAULT_RING_TIMEOUT_MS);
    agent.fireDue();
    expect(events).toEqual(['callMissed:a1', 'call:idle', 'stateChanged']);
    expect(agent.nextDueAt()).toBeNull();
  });

  it('a timed break fires start then return, in order, from one fireDue long after both', () => {
    const { agent, events, setNow } = rig();
    agent.scheduleStatus('BREAK', 10, 20);
    events.length = 0;
    setNow(1_000_000 + 1_000);
    agent.fireDue();
    expect(events).toEqual(['status:BREAK(partner)', 'stateChanged', 'status:AVAILABLE(partner)', 'stateChanged']);
  });

  it('a snapshot reads back through parseSnapshot into an equal agent', () => {
    const { agent } = rig();
    const call = agent.incomingCall();
    agent.acceptCall(call!.id);
    agent.setMuted(true);
    agent.scheduleStatus('LUNCH', 5_000);
    const text = JSON.stringify(agent.snapshot());
    const parsed = parseSnapshot(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    const copy = new PartnerAgent({ now: () => 1_000_000, newCallId: () => 'x', snapshot: parsed });
    expect(copy.getCalls()).toEqual(agent.getCalls());
    expect([copy.status, copy.callState, copy.muted]).toEqual(['AVAILABLE', 'connected', true]);
    expect(copy.scheduled()).toEqual(agent.scheduled());
    expect(JSON.stringify(copy.snapshot())).toBe(text);
  });

  it('a refused command changes nothing and announces nothing', () => {
    const { agent, events } = rig();
    expect(() => agent.hold('nope')).toThrow('no call nope, expected a live call id');
    expect(() => agent.setStatus('SLEEPING', 'partner', 'x')).toThrow(/unknown partner status "SLEEPING"/);
    expect(events).toEqual([]);
    expect(agent.snapshot().calls).toEqual([]);
  });
});
