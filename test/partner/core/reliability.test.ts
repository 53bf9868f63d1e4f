/**
 * CONTRACT §7.6, §7.7 and §7.9 in the pure partner core: the schedule cap, logout
 * cancelling the schedule, and restored times checked against the clock.
 */
import { DEFAULT_RING_TIMEOUT_MS, PartnerAgent } from '../../../src/partner/core/agent';
import { MAX_SCHEDULE_MS, MAX_SCHEDULED } from '../../../src/partner/core/schedule';
import { parseSnapshot, type Snapshot } from '../../../src/partner/core/snapshot';

const NOW = 1_700_000_000_000;

function agent(now = NOW, snapshot?: Snapshot, logs: string[] = []): PartnerAgent {
  let n = 0;
  return new PartnerAgent({
    now: () => now,
    newCallId: () => `a${++n}`,
    initialStatus: 'AVAILABLE',
    ...(snapshot ? { snapshot } : {}),
    log: (message, details, isError) => logs.push(`${isError === true ? 'ERROR ' : ''}${message} ${JSON.stringify(details)}`),
  });
}

function reread(a: PartnerAgent, patch: (s: Snapshot) => Snapshot = (s) => s): Snapshot {
  const parsed = parseSnapshot(JSON.stringify(patch(a.snapshot())));
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('CONTRACT 7.6: at most 100 scheduled changes', () => {
  it('the 101st is refused with a reason; one passing makes room again', () => {
    let now = NOW;
    const a = new PartnerAgent({ now: () => now, newCallId: () => 'x', initialStatus: 'AVAILABLE' });
    for (let i = 0; i < MAX_SCHEDULED; i++) a.scheduleStatus('BREAK', 1_000 + i);
    expect(() => a.scheduleStatus('LUNCH', 5_000)).toThrow(expect.objectContaining({ code: 'SCHEDULE_FULL', message: expect.stringMatching(/at most 100/) }));
    expect(a.scheduled()).toHaveLength(MAX_SCHEDULED);
    now += 1_000;
    a.fireDue();
    expect(a.scheduled()).toHaveLength(MAX_SCHEDULED - 1);
    expect(() => a.scheduleStatus('LUNCH', 5_000)).not.toThrow();
  });

  it('the snapshot stays bounded however many commands were refused', () => {
    const a = agent();
    for (let i = 0; i < MAX_SCHEDULED; i++) a.scheduleStatus('BREAK', 1_000);
    const size = JSON.stringify(a.snapshot()).length;
    for (let i = 0; i < 5_000; i++) expect(() => a.scheduleStatus('BREAK', 1_000)).toThrow();
    expect(JSON.stringify(a.snapshot()).length).toBe(size);
  });
});

describe('CONTRACT 7.7: logout cancels the schedule', () => {
  it('a break scheduled before logout never starts', () => {
    let now = NOW;
    const logs: string[] = [];
    const a = new PartnerAgent({ now: () => now, newCallId: () => 'x', initialStatus: 'AVAILABLE', log: (m, d) => logs.push(`${m} ${JSON.stringify(d)}`) });
    a.scheduleStatus('BREAK', 1_000, 1_000);
    a.logout();
    expect(a.scheduled()).toEqual([]);
    expect(a.nextDueAt()).toBeNull();
    now += 10_000;
    a.fireDue();
    expect(a.status).toBe('OFFLINE');
    expect(logs).toContain('scheduled changes cancelled by logout {"cancelled":1}');
  });
});

describe('CONTRACT 7.9: restored times are checked against the clock', () => {
  it('a ring deadline further away than the ring timeout is replaced by one ring timeout from now, with a warning', () => {
    const a = agent();
    a.incomingCall('+15555550100');
    const logs: string[] = [];
    const restored = agent(NOW + 5_000, reread(a, (s) => ({ ...s, calls: s.calls.map((c) => ({ ...c, ringDeadline: 8.64e15 })) })), logs);
    expect(restored.nextDueAt()).toBe(NOW + 5_000 + DEFAULT_RING_TIMEOUT_MS);
    expect(logs.some((l) => l.startsWith('ERROR restored ring deadline discarded'))).toBe(true);
  });

  it('a ring deadline within the ring timeout is kept as it was', () => {
    const a = agent();
    a.incomingCall();
    const logs: string[] = [];
    const restored = agent(NOW + 5_000, reread(a), logs);
    expect(restored.nextDueAt()).toBe(NOW + DEFAULT_RING_TIMEOUT_MS);
    expect(logs).toEqual([]);
  });

  it('a schedule entry more than 24 h away is discarded with a warning; one just within is kept', () => {
    const a = agent();
    a.scheduleStatus('BREAK', MAX_SCHEDULE_MS);
    a.scheduleStatus('LUNCH', 1_000);
    const logs: string[] = [];
    const far = reread(a, (s) => ({ ...s, schedule: s.schedule.map((e) => (e.status === 'BREAK' ? { ...e, at: NOW + MAX_SCHEDULE_MS + 1 } : e)) }));
    const restored = agent(NOW, far, logs);
    expect(restored.scheduled().map((e) => e.status)).toEqual(['LUNCH']);
    expect(logs.filter((l) => l.startsWith('ERROR restored schedule entry discarded'))).toHaveLength(1);
    expect(agent(NOW, reread(a)).scheduled().map((e) => e.status)).toEqual(['LUNCH', 'BREAK']);
  });

  it('more restored entries than the cap keep only the earliest 100', () => {
    const a = agent();
    for (let i = 0; i < MAX_SCHEDULED; i++) a.scheduleStatus('BREAK', 1_000 + i);
    const extra = reread(a, (s) => ({ ...s, schedule: [...s.schedule, { seq: s.nextSeq, at: NOW + 1, kind: 'start', status: 'LUNCH' }], nextSeq: s.nextSeq + 1 }));
    const restored = agent(NOW, extra);
    expect(restored.scheduled()).toHaveLength(MAX_SCHEDULED);
    expect(restored.scheduled()[0]?.status).toBe('LUNCH');
  });
});
