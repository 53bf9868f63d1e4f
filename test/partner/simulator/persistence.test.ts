import { savedSnapshot, savedSchedule } from '../../support/simulator-state';
import { DEFAULT_STORAGE_KEY } from '../../../src/partner/simulator/persistence';
import { SimulatedPartner } from '../../../src/partner/simulator/simulated-partner';
import { FallbackStore, MemoryStore, type KeyValueStore, type WebStorageLike } from '../../../src/platform/storage';
import { FakeClock } from '../../support/fake-clock';
import { driveTo, makeHarness } from './harness';

function saved(store: KeyValueStore, key = DEFAULT_STORAGE_KEY): Record<string, unknown> {
  return JSON.parse(store.get(key) ?? 'null') as Record<string, unknown>;
}

describe('state survives a reload', () => {
  it('a connected, muted, recording-paused call is still reported after a reload', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    await h.partner.mute();
    await h.partner.pauseRecording();
    await h.partner.sendDigits('12');
    const before = h.partner.getCalls();
    const r = h.reload();
    expect(r.partner.getCalls()).toEqual(before);
    expect(r.partner.getCallState()).toBe('connected');
    expect(r.partner.isMuted()).toBe(true);
    expect(r.partner.isRecordingPaused()).toBe(true);
    expect(savedSnapshot(r.store).dtmfCount).toBe(2);
    expect(r.partner.getStatus()).toBe('AVAILABLE');
    expect(r.warnings).toEqual([]);
    h.partner.remoteHangup(); // the disposed one must not matter
    r.partner.remoteHangup();
    expect(r.take()).toEqual(['remoteHangup:c1:ended', 'callStateChanged:connected>wrapup', 'stateChanged']);
  });

  it('wrap-up, a participant and a supervisor leg survive too', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    await h.partner.addParticipant('+15555550177', 'c1', false);
    await h.partner.superviseCall('other');
    await h.partner.bargeIn('other');
    const r = h.reload();
    expect(r.partner.getCalls().map((c) => `${c.id}:${c.role}:${c.state}:${c.parentId ?? ''}`)).toEqual([
      'c1:customer:held:',
      'c2:thirdParty:ringing:c1',
      'c3:supervisor:connected:other',
    ]);
    expect(r.partner.getCalls().find((c) => c.role === 'supervisor')?.bargedIn).toBe(true);
    expect(r.partner.remoteAnswer()?.id).toBe('c2');
  });

  it('a pending schedule keeps its absolute times: the break still starts at its start, not earlier or later', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', 5_000, 10_000);
    h.clock.advance(2_000);
    const r = h.reload();
    expect(r.clock.pendingTimers()).toBe(1);
    r.clock.advance(2_999);
    expect(r.partner.getStatus()).toBe('AVAILABLE');
    r.clock.advance(1);
    expect(r.partner.getStatus()).toBe('BREAK');
    const r2 = r.reload();
    r2.clock.advance(9_999);
    expect(r2.partner.getStatus()).toBe('BREAK');
    r2.clock.advance(1);
    expect(r2.partner.getStatus()).toBe('AVAILABLE');
  });

  it('events that fell due while the page was gone fire in order on the first tick after the reload', () => {
    const h = makeHarness();
    h.partner.scheduleStatus('BREAK', 5_000, 10_000);
    h.partner.scheduleStatus('LUNCH', 30_000);
    h.partner.incomingCall();
    h.partner.dispose();
    h.clock.advance(60_000); // nobody is running meanwhile
    const r = h.reload();
    expect(r.partner.getStatus()).toBe('AVAILABLE');
    expect(r.clock.pendingTimers()).toBe(1);
    r.clock.advance(0);
    expect(r.take()).toEqual([
      'statusChanged:AVAILABLE>BREAK(partner)',
      'stateChanged',
      'statusChanged:BREAK>AVAILABLE(partner)',
      'stateChanged',
      'callMissed:c1:ended',
      'callStateChanged:ringing>idle',
      'stateChanged',
      'statusChanged:AVAILABLE>LUNCH(partner)',
      'stateChanged',
    ]);
    expect(r.clock.pendingTimers()).toBe(0);
  });

  it('saves versioned JSON under the given key on every change', async () => {
    const store = new MemoryStore();
    const h = makeHarness({ store, storageKey: 'custom' });
    expect(store.get('custom')).toBeNull();
    await h.partner.setStatus('BREAK', 'x');
    expect(saved(store, 'custom')).toMatchObject({ version: 1, status: 'BREAK', callState: 'idle', calls: [] });
    expect(store.get(DEFAULT_STORAGE_KEY)).toBeNull();
  });
});

describe('corrupt saved state starts fresh with a warning', () => {
  const valid = {
    version: 1,
    status: 'BREAK',
    callState: 'connected',
    muted: false,
    recordingPaused: false,
    dtmfCount: 0,
    calls: [{ id: 'c1', role: 'customer', direction: 'inbound', phoneNumber: '+1', state: 'connected', createdAt: 1 }],
    schedule: [{ seq: 0, at: 5, kind: 'start', status: 'LUNCH', durationMs: 5 }],
    nextSeq: 1,
  };
  const call = valid.calls[0]!;
  const entry = valid.schedule[0]!;

  it('the valid baseline is read back', () => {
    const store = new MemoryStore();
    store.set(DEFAULT_STORAGE_KEY, JSON.stringify(valid));
    const h = makeHarness({ store });
    expect(h.warnings).toEqual([]);
    expect(h.partner.getCallState()).toBe('connected');
    expect(savedSchedule(h.store)).toEqual([{ at: 5, kind: 'start', status: 'LUNCH' }]);
  });

  it.each<[string, unknown]>([
    ['not JSON', '{oops'],
    ['not an object', [1]],
    ['another version', { ...valid, version: 2 }],
    ['an unknown status', { ...valid, status: 'BRAEK' }],
    ['an unknown call state', { ...valid, callState: 'talking' }],
    ['a non-boolean muted', { ...valid, muted: 'no' }],
    ['a fractional dtmfCount', { ...valid, dtmfCount: 1.5 }],
    ['calls not an array', { ...valid, calls: {} }],
    ['schedule not an array', { ...valid, schedule: null }],
    ['a call that is not an object', { ...valid, calls: [null] }],
    ['a call without id', { ...valid, calls: [{ ...call, id: '' }] }],
    ['a call with an unknown role', { ...valid, calls: [{ ...call, role: 'boss' }] }],
    ['an ended call', { ...valid, calls: [{ ...call, state: 'ended' }] }],
    ['a call without createdAt', { ...valid, calls: [{ ...call, createdAt: 'x' }] }],
    ['a call with an empty parentId', { ...valid, calls: [{ ...call, parentId: '' }] }],
    ['a call with a bad ringDeadline', { ...valid, calls: [{ ...call, ringDeadline: -1 }] }],
    ['a call with a bad bargedIn', { ...valid, calls: [{ ...call, bargedIn: 1 }] }],
    ['two calls with one id', { ...valid, calls: [call, call] }],
    ['a schedule entry that is not an object', { ...valid, schedule: [3] }],
    ['a schedule entry with a bad time', { ...valid, schedule: [{ ...entry, at: Number.MAX_VALUE * 2 }] }],
    ['a schedule entry with a zero duration', { ...valid, schedule: [{ ...entry, durationMs: 0 }] }],
    ['a schedule entry of unknown kind', { ...valid, schedule: [{ ...entry, kind: 'middle' }] }],
    ['an end entry without breakStatus', { ...valid, schedule: [{ seq: 0, at: 5, kind: 'end', status: 'LUNCH' }] }],
    ['nextSeq behind the schedule', { ...valid, nextSeq: 0 }],
    ['a call state that contradicts the calls', { ...valid, callState: 'ringing' }],
    ['a live call state without calls', { ...valid, calls: [] }],
  ])('%s', (_what, data) => {
    const store = new MemoryStore();
    store.set(DEFAULT_STORAGE_KEY, typeof data === 'string' ? data : JSON.stringify(data));
    const h = makeHarness({ store, status: 'NOT_READY' });
    expect(h.warnings).toHaveLength(1);
    expect(h.warnings[0]).toMatch(/^saved simulator state discarded: .+; starting fresh$/);
    expect(h.logs.some((l) => l.isError && l.payload.message === 'storage problem')).toBe(true);
    expect(h.partner.getStatus()).toBe('NOT_READY');
    expect(h.partner.getCallState()).toBe('idle');
    expect(h.partner.getCalls()).toEqual([]);
    expect(saved(store)).toMatchObject({ version: 1, status: 'NOT_READY' });
  });

  it('an end entry and wrap-up without calls are valid', () => {
    const store = new MemoryStore();
    store.set(
      DEFAULT_STORAGE_KEY,
      JSON.stringify({ ...valid, callState: 'wrapup', calls: [], schedule: [{ seq: 0, at: 5, kind: 'end', status: 'LUNCH', breakStatus: 'BREAK' }] }),
    );
    const h = makeHarness({ store });
    expect(h.warnings).toEqual([]);
    expect(h.partner.getCallState()).toBe('wrapup');
  });
});

describe('blocked or failing storage', () => {
  function throwingStorage(): WebStorageLike {
    return {
      getItem: () => {
        throw new Error('Access is denied');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('Access is denied');
      },
    };
  }

  it('over a FallbackStore whose storage throws, everything works from memory and one warning is given', async () => {
    const fallbacks: string[] = [];
    const store = new FallbackStore(throwingStorage(), (r) => fallbacks.push(r));
    const h = makeHarness({ store });
    await driveTo(h, 'connected');
    h.partner.scheduleStatus('BREAK', 1_000);
    expect(fallbacks).toEqual(['storage unusable, running from memory (Error: Access is denied)']);
    expect(store.durable).toBe(false);
    const r = h.reload();
    expect(r.partner.getCallState()).toBe('connected');
    r.clock.advance(1_000);
    expect(r.partner.getStatus()).toBe('BREAK');
  });

  it('a store that breaks its never-throw contract is reported once and the simulator keeps working', async () => {
    const broken: KeyValueStore = {
      durable: true,
      get: () => {
        throw new Error('read failed');
      },
      set: () => {
        throw new Error('write failed');
      },
      remove: () => undefined,
    };
    const warnings: string[] = [];
    const partner = new SimulatedPartner({ clock: new FakeClock(), store: broken, initialStatus: 'AVAILABLE', log: () => undefined, onWarning: (m) => warnings.push(m) });
    await partner.setStatus('BREAK', 'x');
    await partner.setStatus('LUNCH', 'x');
    expect(partner.getStatus()).toBe('LUNCH');
    expect(warnings).toEqual([
      'state unreadable (read failed); starting fresh',
      'state not saved (write failed); running from memory',
    ]);
  });
});
