// The remote partner's mirror of the agent, in-process: the resync rules a reconnecting
// connector relies on (each frame applied once, in `seq` order; a gap or a snapshot
// replaces the state and says `resynced`; announced numbers keep rising across a server
// reset) and the waits of commands on their effect. reconnect.test.ts checks the same over
// a server and sockets; this file pins the edges without either.
import { Mirror } from '../../../src/partner/remote/mirror';
import type { PartnerCall, PartnerEvent } from '../../../src/partner/partner-telephony';
import type { AgentView } from '../../../src/partner/wire/messages';

function leg(id: string, state: PartnerCall['state']): PartnerCall {
  return { id, role: 'customer', direction: 'inbound', phoneNumber: '+15550100', state, createdAt: 1 };
}

function view(overrides: Partial<AgentView> = {}): AgentView {
  return { status: 'AVAILABLE', routable: true, callState: 'idle', calls: [], muted: false, recordingPaused: false, ...overrides };
}

const BREAK = { type: 'statusChanged', status: 'BREAK', previous: 'AVAILABLE', origin: 'partner', reason: 'supervisor' } as const;

function mirror(): { m: Mirror; events: PartnerEvent[] } {
  const events: PartnerEvent[] = [];
  return { m: new Mirror((e) => events.push(e)), events };
}

/** Applies the frame of a partner-side BREAK numbered `seq`. */
function toBreak(m: Mirror, seq: number, at: number): ReturnType<Mirror['applyEvent']> {
  return m.applyEvent(seq, at, BREAK, view({ status: 'BREAK' }));
}

/** Whether a promise has settled, and how, after the pending microtasks ran. */
async function settled(p: Promise<void>): Promise<'resolved' | 'rejected' | 'pending'> {
  let outcome: 'resolved' | 'rejected' | 'pending' = 'pending';
  p.then(() => (outcome = 'resolved'), () => (outcome = 'rejected'));
  await Promise.resolve();
  await Promise.resolve();
  return outcome;
}

describe('Mirror: before the first frame', () => {
  it('knows an offline, idle agent with no calls and no seq', () => {
    const { m } = mirror();
    expect(m.lastSeq).toBeNull();
    expect(m.status).toBe('OFFLINE');
    expect(m.callState).toBe('idle');
    expect(m.calls).toEqual([]);
    expect(m.state).toEqual({ status: 'OFFLINE', routable: false, callState: 'idle', calls: [], muted: false, recordingPaused: false });
  });

  it('applies a first event whatever its seq, without calling it a gap', () => {
    const { m, events } = mirror();
    expect(m.applyEvent(57, 1000, BREAK, view({ status: 'BREAK', routable: false }))).toBe('applied');
    expect(m.lastSeq).toBe(57);
    expect(events).toEqual([{ ...BREAK, seq: 57, at: 1000 }]);
  });

  it('applies a first event numbered 0 (a server that counts from zero)', () => {
    const { m, events } = mirror();
    expect(toBreak(m, 0, 1000)).toBe('applied');
    expect(m.lastSeq).toBe(0);
    expect(events).toEqual([{ ...BREAK, seq: 0, at: 1000 }]);
  });

  it('fills from a first snapshot without announcing a resync (there is nothing to re-read)', () => {
    const { m, events } = mirror();
    m.replace(12, 1000, view({ status: 'BUSY', callState: 'connected', calls: [leg('c1', 'connected')] }));
    expect(events).toEqual([]);
    expect(m.lastSeq).toBe(12);
    expect(m.status).toBe('BUSY');
    expect(m.callState).toBe('connected');
  });
});

describe('Mirror: event frames in order', () => {
  it('takes each frame\'s state and announces its change with the frame\'s seq and time', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    expect(m.applyEvent(2, 1000, BREAK, view({ status: 'BREAK', routable: false }))).toBe('applied');
    const ring = { type: 'callStateChanged', state: 'ringing', previous: 'idle' } as const;
    expect(m.applyEvent(3, 1100, ring, view({ status: 'BREAK', callState: 'ringing' }))).toBe('applied');
    expect(m.lastSeq).toBe(3);
    expect(m.status).toBe('BREAK');
    expect(m.callState).toBe('ringing');
    expect(events).toEqual([
      { ...BREAK, seq: 2, at: 1000 },
      { ...ring, seq: 3, at: 1100 },
    ]);
  });

  it('applies a `changed` notice to the state and announces nothing', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    expect(m.applyEvent(2, 1000, { type: 'changed' }, view({ muted: true }))).toBe('applied');
    expect(m.state.muted).toBe(true);
    expect(m.lastSeq).toBe(2);
    expect(events).toEqual([]);
  });

  it('ignores a frame whose seq is not above the last applied one (a duplicate or a replay overlap)', () => {
    const { m, events } = mirror();
    m.replace(5, 900, view());
    for (const seq of [5, 4, 0]) {
      expect(m.applyEvent(seq, 1000, BREAK, view({ status: 'BREAK' }))).toBe('duplicate');
    }
    expect(m.lastSeq).toBe(5);
    expect(m.status).toBe('AVAILABLE');
    expect(events).toEqual([]);
  });

  it('lists only the live legs as calls', () => {
    const { m } = mirror();
    m.replace(1, 900, view({ calls: [leg('old', 'ended'), leg('live', 'connected'), leg('new', 'ringing')] }));
    expect(m.calls.map((c) => c.id)).toEqual(['live', 'new']);
    expect(m.state.calls).toHaveLength(3);
  });
});

describe('Mirror: resync', () => {
  it('after a gap, takes the frame\'s whole state and announces `resynced` instead of the change', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    expect(toBreak(m, 4, 1000)).toBe('gap');
    expect(m.lastSeq).toBe(4);
    expect(m.status).toBe('BREAK');
    expect(events).toEqual([{ type: 'resynced', seq: 4, at: 1000 }]);
  });

  it('announces a snapshot after a state as `resynced`', () => {
    const { m, events } = mirror();
    toBreak(m, 3, 900);
    m.replace(9, 1000, view({ status: 'LUNCH' }));
    expect(m.status).toBe('LUNCH');
    expect(m.lastSeq).toBe(9);
    expect(events.slice(1)).toEqual([{ type: 'resynced', seq: 9, at: 1000 }]);
  });

  it('keeps announced numbers rising when the server\'s go back (its database was reset)', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    toBreak(m, 2, 1000);
    m.applyEvent(3, 1100, { ...BREAK, status: 'LUNCH', previous: 'BREAK' }, view({ status: 'LUNCH' }));
    // The server restarted empty: its next snapshot is seq 1, then its events go on from there.
    m.replace(1, 2000, view());
    expect(m.lastSeq).toBe(1);
    toBreak(m, 2, 2100);
    expect(events.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    expect(events[2]).toEqual({ type: 'resynced', seq: 4, at: 2000 });
  });

  it('shifts when the server\'s seq only equals the last announced one, and not when it is above', () => {
    const equal = mirror();
    equal.m.replace(1, 900, view());
    toBreak(equal.m, 2, 1000);
    equal.m.replace(2, 2000, view());
    expect(equal.events.map((e) => e.seq)).toEqual([2, 3]);

    const above = mirror();
    above.m.replace(1, 900, view());
    toBreak(above.m, 2, 1000);
    above.m.replace(3, 2000, view());
    expect(above.events.map((e) => e.seq)).toEqual([2, 3]);
    toBreak(above.m, 4, 2100);
    expect(above.events.map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('after a reset, announces the server\'s numbers plus one fixed offset, gaps kept', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    toBreak(m, 2, 1000);
    toBreak(m, 3, 1000);
    m.replace(1, 2000, view()); // reset: offset 3
    m.replace(3, 3000, view()); // the server skipped its 2: so does the announcement
    expect(events.map((e) => e.seq)).toEqual([2, 3, 4, 6]);
  });

  it('keeps a shift across later resyncs: announced numbers never repeat', () => {
    const { m, events } = mirror();
    m.replace(1, 900, view());
    toBreak(m, 2, 1000);
    toBreak(m, 3, 1000);
    m.replace(1, 2000, view()); // reset: announced 4, shift 3
    m.replace(2, 3000, view()); // announced 5 with the same shift
    m.replace(9, 4000, view()); // announced 12
    expect(events.map((e) => e.seq)).toEqual([2, 3, 4, 5, 12]);
  });
});

describe('Mirror: commands waiting for their effect', () => {
  it('waits for a seq until a frame reaches it, and wakes only the waits it reached (a duplicate none)', async () => {
    const { m } = mirror();
    m.replace(1, 900, view());
    const two = m.reached(2);
    const three = m.reached(3);
    expect(await settled(two)).toBe('pending');
    toBreak(m, 2, 1000);
    expect(await settled(two)).toBe('resolved');
    expect(await settled(three)).toBe('pending');
    toBreak(m, 3, 1100);
    expect(await settled(three)).toBe('resolved');
    // A duplicate frame reaches nothing new.
    const four = m.reached(4);
    toBreak(m, 3, 1200);
    expect(await settled(four)).toBe('pending');
  });

  it('resolves at once for a seq already applied, the last one included', async () => {
    const { m } = mirror();
    m.replace(7, 900, view());
    expect(await settled(m.reached(7))).toBe('resolved');
    expect(await settled(m.reached(3))).toBe('resolved');
  });

  it('waits before any frame (even for seq 0), and a snapshot or a gap wakes the waits they pass', async () => {
    const { m } = mirror();
    const zero = m.reached(0);
    const first = m.reached(1);
    expect(await settled(zero)).toBe('pending');
    toBreak(m, 0, 800);
    expect(await settled(zero)).toBe('resolved');
    expect(await settled(first)).toBe('pending');
    m.replace(4, 900, view());
    expect(await settled(first)).toBe('resolved');
    const afterGap = m.reached(8);
    toBreak(m, 9, 1000);
    expect(await settled(afterGap)).toBe('resolved');
  });

  it('a drop rejects every wait still open (not the ones done), twice is harmless, and later waits work', async () => {
    const { m } = mirror();
    m.replace(1, 900, view());
    const done = m.reached(2);
    const open = [m.reached(3), m.reached(5)];
    toBreak(m, 2, 1000);
    expect(await settled(done)).toBe('resolved');
    const outcomes = Promise.allSettled(open);
    expect(() => m.failWaiters(new Error('connection lost'))).not.toThrow();
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(open[0]).rejects.toThrow('connection lost');
    expect(() => m.failWaiters(new Error('connection lost again'))).not.toThrow();
    const later = m.reached(3);
    toBreak(m, 3, 1100);
    expect(await settled(later)).toBe('resolved');
  });
});
