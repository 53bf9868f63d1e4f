/**
 * @jest-environment ./test/support/node-environment.js
 */
// The ACD's rules in-process: a Switchboard over an in-memory database, jest's fake clock
// for the agents' idle times and ring timeouts. acd.test.ts checks the same rules over
// the wire; this file pins the edges (ties, the queue's bound, recovery after a restart,
// what each outcome logs) without a socket or a real timer.
import { Acd, MAX_QUEUED_CALLS } from '../../server/agents/acd';
import type { AgentRecord } from '../../server/agents/agent-runtime';
import { Switchboard } from '../../server/agents/switchboard';
import { Repository } from '../../server/db/repository';
import { createLogger, maskNumbers, type LogEntry } from '../../server/log';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';

const RING_TIMEOUT_MS = 1_000;
const AGENT_IDS = ['a1', 'a2', 'a3'] as const;

let repo: Repository;
let logs: LogEntry[];
let board: Switchboard | undefined;

/** A switchboard over `repo` (a restart when called again on the same repository). */
function start(): Switchboard {
  board?.dispose();
  board = new Switchboard({ repo, now: () => Date.now(), log: createLogger((e) => logs.push(e)), ringTimeoutMs: RING_TIMEOUT_MS });
  return board;
}

function setStatus(sb: Switchboard, agentId: string, status: PartnerStatus): void {
  sb.control(agentId, { type: 'SET_PARTNER_STATUS', status });
}

/** The agent the queued call rings for, or `null` while it waits. */
function offeredTo(sb: Switchboard, callId: string): string | null | undefined {
  return sb.acd.list().find((q) => q.id === callId)?.offeredTo;
}

function ringingIds(sb: Switchboard, agentId: string): string[] {
  return sb.agent(agentId)!.domain.getCalls().filter((c) => c.state === 'ringing').map((c) => c.id);
}

function logged(message: string): LogEntry[] {
  return logs.filter((e) => e.message === message);
}

/** Warnings and errors logged so far (an agent observer that threw is logged as an error). */
function trouble(): LogEntry[] {
  return logs.filter((e) => e.level !== 'info');
}

/** A call id as the log writes it (the log masks anything phone-like, even inside an id). */
const id = (call: { id: string }): string => maskNumbers(call.id);

beforeEach(() => {
  jest.useFakeTimers({ now: 1_700_000_000_000 });
  logs = [];
  repo = new Repository(':memory:');
  for (const [i, id] of AGENT_IDS.entries()) repo.upsertAgent({ id, username: `user-${id}`, passwordHash: 'unused', extension: `10${i + 1}0` });
});

afterEach(() => {
  board?.dispose();
  board = undefined;
  repo.close();
  jest.useRealTimers();
});

describe('choosing the agent', () => {
  it('between agents idle since the same moment, the smaller agent id rings first', () => {
    const sb = start();
    setStatus(sb, 'a3', 'AVAILABLE');
    setStatus(sb, 'a2', 'AVAILABLE');
    const first = sb.acd.enqueue()!;
    const second = sb.acd.enqueue()!;
    expect([first.offeredTo, second.offeredTo]).toEqual(['a2', 'a3']);
  });

  it('the tie goes to the smaller agent id whatever order the agents are listed in', () => {
    const sb = start();
    setStatus(sb, 'a2', 'AVAILABLE');
    setStatus(sb, 'a3', 'AVAILABLE');
    // The switchboard lists agents by id; an ACD over the same agents listed backwards.
    const backwards = new Acd(repo, () => [sb.agent('a3')!, sb.agent('a2')!, sb.agent('a1')!], createLogger(() => undefined), () => Date.now());
    expect(backwards.enqueue()!.offeredTo).toBe('a2');
    expect(backwards.enqueue()!.offeredTo).toBe('a3');
  });

  it('listed in any order, the longest idle still wins over a smaller id', () => {
    const sb = start();
    setStatus(sb, 'a3', 'AVAILABLE');
    jest.advanceTimersByTime(10);
    setStatus(sb, 'a2', 'AVAILABLE');
    const acd = new Acd(repo, () => [sb.agent('a3')!, sb.agent('a2')!], createLogger(() => undefined), () => Date.now());
    expect(acd.enqueue()!.offeredTo).toBe('a3');
  });

  it('the longest idle wins over a smaller id', () => {
    const sb = start();
    setStatus(sb, 'a3', 'AVAILABLE');
    jest.advanceTimersByTime(10);
    setStatus(sb, 'a1', 'AVAILABLE');
    expect(sb.acd.enqueue()!.offeredTo).toBe('a3');
  });

  it('skips agents who are not routable or not idle, and leaves the call waiting when nobody is free', () => {
    const sb = start();
    setStatus(sb, 'a1', 'BREAK');
    setStatus(sb, 'a2', 'AVAILABLE');
    const ringing = sb.acd.enqueue()!;
    const waiting = sb.acd.enqueue()!;
    expect(ringing.offeredTo).toBe('a2');
    expect(waiting.offeredTo).toBeNull();
    expect(ringingIds(sb, 'a2')).toEqual([ringing.id]);
    expect(sb.agent('a1')!.domain.getCalls()).toEqual([]);
  });

  it('offers waiting calls oldest first as agents become free, and rings each agent once', () => {
    const sb = start();
    const calls = [sb.acd.enqueue()!, sb.acd.enqueue()!, sb.acd.enqueue()!];
    expect(calls.map((c) => c.offeredTo)).toEqual([null, null, null]);
    setStatus(sb, 'a2', 'AVAILABLE');
    expect(calls.map((c) => offeredTo(sb, c.id))).toEqual(['a2', null, null]);
    setStatus(sb, 'a1', 'AVAILABLE');
    expect(calls.map((c) => offeredTo(sb, c.id))).toEqual(['a2', 'a1', null]);
    expect(ringingIds(sb, 'a1')).toEqual([calls[1]!.id]);
  });
});

describe('the queue', () => {
  it('returns the queued call with the caller, the time and no attempts yet, and logs it by id only', () => {
    const sb = start();
    const call = sb.acd.enqueue('+15555550142')!;
    expect(call).toEqual({ id: expect.any(String), phoneNumber: '+15555550142', enqueuedAt: Date.now(), offeredTo: null, attempts: 0 });
    expect(logged('call queued')).toEqual([expect.objectContaining({ callId: id(call) })]);
    expect(sb.acd.list()).toEqual([call]);
  });

  it('a call queued without a number gets a fictional caller number, which rings the agent', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    expect(call.phoneNumber).toMatch(/^\+1555555\d{4}$/);
    expect(sb.agent('a1')!.domain.getCalls()).toEqual([expect.objectContaining({ id: call.id, phoneNumber: call.phoneNumber })]);
  });

  it(`holds at most ${MAX_QUEUED_CALLS} calls and refuses more`, () => {
    const sb = start();
    for (let i = 1; i < MAX_QUEUED_CALLS; i++) repo.enqueue(`seeded-${i}`, '+15555550100', Date.now());
    expect(sb.acd.enqueue()).not.toBeNull();
    expect(sb.acd.enqueue()).toBeNull();
    expect(sb.acd.list()).toHaveLength(MAX_QUEUED_CALLS);
  });

  it('logs each offer with the call and the agent', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    expect(logged('queued call offered')).toEqual([expect.objectContaining({ callId: id(call), agentId: 'a1' })]);
  });
});

describe('how an offer ends', () => {
  it('answered: the call leaves the queue, and another agent answering a call of its own changes nothing', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const queued = sb.acd.enqueue()!;
    setStatus(sb, 'a2', 'AVAILABLE');
    const direct = sb.control('a2', { type: 'INCOMING_CALL' }) as { callId: string };
    const waiting = sb.acd.enqueue()!;
    sb.execute('a2', 'acceptCall', { callId: direct.callId });
    expect(sb.acd.list().map((q) => q.id)).toEqual([queued.id, waiting.id]);
    sb.execute('a1', 'acceptCall', { callId: queued.id });
    expect(sb.acd.list().map((q) => q.id)).toEqual([waiting.id]);
    expect(logged('queued call answered')).toEqual([expect.objectContaining({ callId: id(queued), agentId: 'a1' })]);
    expect(trouble()).toEqual([]);
  });

  it('ring-no-answer: back in the queue, the agent NOT_READY, and it rings for the next agent', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    jest.advanceTimersByTime(10);
    setStatus(sb, 'a2', 'AVAILABLE');
    const statusChanges: AgentRecord['event'][] = [];
    sb.agent('a1')!.observe((r) => {
      if (r.event.type === 'statusChanged') statusChanges.push(r.event);
    });
    jest.advanceTimersByTime(RING_TIMEOUT_MS - 10);
    expect(sb.agent('a1')!.domain.getStatus()).toBe('NOT_READY');
    expect(offeredTo(sb, call.id)).toBe('a2');
    expect(sb.acd.list()[0]!.attempts).toBe(2);
    expect(logged('ring-no-answer: call back in the queue, agent NOT_READY')).toEqual([expect.objectContaining({ callId: id(call), agentId: 'a1' })]);
    expect(statusChanges).toEqual([expect.objectContaining({ status: 'NOT_READY', origin: 'partner', reason: 'ring-no-answer' })]);
  });

  it('declined: back in the queue with the agent still AVAILABLE, ringing again for the longest idle', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    sb.execute('a1', 'declineCall', { callId: call.id });
    expect(sb.agent('a1')!.domain.getStatus()).toBe('AVAILABLE');
    expect(logged('queued call declined: back in the queue')).toEqual([expect.objectContaining({ callId: id(call), agentId: 'a1' })]);
    // The decline made a1 idle again, so a1 is the only free agent and gets it back.
    expect(offeredTo(sb, call.id)).toBe('a1');
    expect(sb.acd.list()[0]!.attempts).toBe(2);
  });

  it('the caller hangs up while it rings: the call leaves the queue and nothing rings again', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    setStatus(sb, 'a2', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    sb.control('a1', { type: 'REMOTE_HANGUP', callId: call.id });
    expect(sb.acd.list()).toEqual([]);
    expect(ringingIds(sb, 'a2')).toEqual([]);
    expect(sb.agent('a1')!.domain.getStatus()).toBe('AVAILABLE');
    expect(logged('queued call left the queue')).toEqual([expect.objectContaining({ callId: id(call), reason: 'caller hung up' })]);
  });

  it('an answered call that ends leaves no trace in the queue, whoever hangs up', () => {
    const sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    sb.execute('a1', 'acceptCall', { callId: call.id });
    sb.execute('a1', 'hangUp', { callId: call.id });
    expect(sb.acd.list()).toEqual([]);
    expect(logged('queued call left the queue')).toEqual([]);
    expect(trouble()).toEqual([]);
  });
});

describe('recovery after a restart', () => {
  it('an offer whose ringing leg survived the restart keeps ringing for the same agent', () => {
    let sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    sb = start();
    expect(offeredTo(sb, call.id)).toBe('a1');
    expect(ringingIds(sb, 'a1')).toEqual([call.id]);
  });

  it('an offer to an agent without that leg (ringing another call, or no call at all) or to an agent that is gone waits again and is routed', () => {
    // a1 rings with another call when the server stops.
    start();
    setStatus(board!, 'a1', 'AVAILABLE');
    board!.control('a1', { type: 'INCOMING_CALL' });
    board!.dispose();
    board = undefined;
    repo.enqueue('lost-leg', '+15555550100', Date.now());
    repo.enqueue('gone-agent', '+15555550101', Date.now() + 1);
    repo.enqueue('no-leg', '+15555550102', Date.now() + 2);
    repo.offer('lost-leg', 'a1');
    repo.offer('no-leg', 'a2');
    // An agent removed from the agents file between runs: its row stays, inactive.
    repo.upsertAgent({ id: 'a4', username: 'user-a4', passwordHash: 'unused', extension: '1040' });
    repo.offer('gone-agent', 'a4');
    repo.retainAgents(new Set(AGENT_IDS));
    const sb = start();
    expect(sb.acd.list().map((q) => [q.id, q.offeredTo])).toEqual([
      ['lost-leg', null],
      ['gone-agent', null],
      ['no-leg', null],
    ]);
    setStatus(sb, 'a3', 'AVAILABLE');
    expect(offeredTo(sb, 'lost-leg')).toBe('a3');
  });

  it('a call answered just before a crash (saved connected, still queued) leaves the queue when it ends', () => {
    let sb = start();
    setStatus(sb, 'a1', 'AVAILABLE');
    const call = sb.acd.enqueue()!;
    board!.dispose();
    board = undefined;
    // The agent's save of the answer made it; the queue's update did not.
    const saved = repo.loadAgent('a1')!;
    const calls = saved.state.calls.map(({ ringDeadline: _, ...leg }) => ({ ...leg, state: 'connected' }));
    repo.saveAgent('a1', { ...saved.state, callState: 'connected', calls }, saved.seq, []);
    sb = start();
    expect(offeredTo(sb, call.id)).toBe('a1');
    sb.execute('a1', 'hangUp', { callId: call.id });
    expect(sb.acd.list()).toEqual([]);
    expect(logged('queued call left the queue')).toEqual([expect.objectContaining({ callId: id(call), reason: 'call ended' })]);
  });

  it('waiting calls ring for agents already available when the server starts', () => {
    let sb = start();
    setStatus(sb, 'a2', 'AVAILABLE');
    board!.dispose();
    board = undefined;
    repo.enqueue('queued-while-down', '+15555550100', Date.now());
    sb = start();
    expect(offeredTo(sb, 'queued-while-down')).toBe('a2');
  });
});
