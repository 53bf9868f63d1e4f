/**
 * Property: over random interleavings of tab opens, closes, crashes and reloads, Omni and
 * partner changes and calls, the agent's instances act as one connector (CONTRACT §6).
 * Instances meet in a fake BroadcastChannel hub on a fake clock (jsdom has neither
 * BroadcastChannel nor Web Locks); events to Salesforce are recorded across instances.
 */
import fc from 'fast-check';
import { CLAIM_MS, LEASE_MS } from '../../../src/composition/instances/election';
import { bootstrapInstances, READY_LIMIT_MS, type InstancePage } from '../../../src/composition/instances/instance-page';
import { MemoryStore } from '../../../src/platform/storage';
import { FakeBroadcastHub } from '../../support/fake-broadcast-hub';
import { FakeClock } from '../../support/fake-clock';
import { fcOptions } from '../../support/fc-runs';
import { DEFAULT_CONNECTOR_CONFIG, STATUS } from '../../support/salesforce-double';

interface Published {
  eventType: string;
  payload: unknown;
  /** The agent's call state when it was published (the one partner's). */
  callState: string;
}
const published: Published[] = [];
let currentCallState: () => string = () => 'idle';
jest.mock('../../../src/salesforce/scv', () => {
  const actual = jest.requireActual<typeof import('../../../src/salesforce/scv')>('../../../src/salesforce/scv');
  return {
    ...actual,
    publishEvent: (eventType: string, payload: unknown) => {
      published.push({ eventType, payload: JSON.parse(JSON.stringify(payload)) as unknown, callState: currentCallState() });
      return Promise.resolve();
    },
    publishLog: () => undefined,
    initializeConnector: () => undefined,
  };
});

type Op =
  | { kind: 'open' }
  | { kind: 'close'; who: number }
  | { kind: 'crash'; who: number }
  | { kind: 'reload'; who: number }
  | { kind: 'crashReopen'; who: number }
  | { kind: 'omni'; statusId: string; enqueue: boolean }
  | { kind: 'partner'; status: 'AVAILABLE' | 'BREAK' | 'MEETING' }
  | { kind: 'call' }
  | { kind: 'accept'; who: number }
  | { kind: 'remoteHangup' }
  | { kind: 'wrapUp'; who: number }
  | { kind: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'open' }),
  fc.nat(5).map<Op>((who) => ({ kind: 'close', who })),
  fc.nat(5).map<Op>((who) => ({ kind: 'crash', who })),
  fc.nat(5).map<Op>((who) => ({ kind: 'reload', who })),
  fc.nat(5).map<Op>((who) => ({ kind: 'crashReopen', who })),
  fc.record({ statusId: fc.constantFrom(STATUS.AVAILABLE, STATUS.AWAY, STATUS.BUSY), enqueue: fc.boolean() }).map<Op>((r) => ({ kind: 'omni', ...r })),
  fc.constantFrom('AVAILABLE', 'BREAK', 'MEETING').map<Op>((status) => ({ kind: 'partner', status: status as 'AVAILABLE' })),
  fc.constant<Op>({ kind: 'call' }),
  fc.nat(5).map<Op>((who) => ({ kind: 'accept', who })),
  fc.constant<Op>({ kind: 'remoteHangup' }),
  fc.nat(5).map<Op>((who) => ({ kind: 'wrapUp', who })),
  fc.integer({ min: 10, max: 1_500 }).map<Op>((ms) => ({ kind: 'wait', ms })),
);

class World {
  readonly clock = new FakeClock();
  readonly hub = new FakeBroadcastHub(this.clock);
  readonly pages: { id: string; page: InstancePage }[] = [];
  private n = 0;
  private callN = 0;
  constructor(private readonly shared: boolean) {}
  private readonly store = new MemoryStore();

  async open(readyWithinMs = 500): Promise<void> {
    const id = `t${++this.n}`;
    const page = bootstrapInstances({
      id,
      clock: this.clock,
      store: this.shared ? this.store : new MemoryStore(),
      openChannel: this.hub.opener(id),
      register: false,
      partnerOptions: { ringTimeoutMs: 20_000, idFactory: () => `call-${++this.callN}` },
    });
    this.pages.push({ id, page });
    let done = false;
    const init = page.connector.init({ ...DEFAULT_CONNECTOR_CONFIG }).finally(() => {
      done = true;
    });
    await this.settle(readyWithinMs);
    // init waits for the role, at most READY_LIMIT_MS; a follower of a live leader must not need it all
    expect(done).toBe(true);
    await init;
  }

  pick(who: number): { id: string; page: InstancePage } | undefined {
    return this.pages.length === 0 ? undefined : this.pages[who % this.pages.length];
  }

  remove(who: number, crash: boolean): void {
    const entry = this.pick(who);
    if (!entry) return;
    this.pages.splice(this.pages.indexOf(entry), 1);
    if (crash) {
      this.hub.crash(entry.id);
      entry.page.dispose(); // its timers stop; its channels were already dead
    } else {
      entry.page.dispose();
    }
  }

  leaders(): InstancePage[] {
    return this.pages.map((p) => p.page).filter((p) => p.role() === 'leader');
  }

  sim() {
    const leaders = this.leaders();
    return leaders.length === 1 ? leaders[0]?.simulator() ?? null : null;
  }

  async settle(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 50) {
      this.clock.advance(Math.min(50, ms - t));
      for (let i = 0; i < 4; i++) await Promise.resolve();
    }
  }
}

async function run(w: World, op: Op): Promise<void> {
  const sim = w.sim();
  switch (op.kind) {
    case 'open':
      if (w.pages.length < 4) await w.open();
      return;
    case 'close':
    case 'crash':
      w.remove(op.who, op.kind === 'crash');
      await w.settle(10);
      return;
    case 'reload':
      w.remove(op.who, false);
      await w.open();
      return;
    case 'crashReopen':
      // A tab dies and a new one opens before anyone noticed: the newcomer must not lead with nothing.
      w.remove(op.who, true);
      await w.open(READY_LIMIT_MS);
      return;
    case 'omni':
      for (const { page } of w.pages) void page.connector.setAgentStatus('Online', { statusId: op.statusId }, op.enqueue).catch(() => undefined);
      await w.settle(30);
      return;
    case 'partner':
      sim?.setPartnerStatus(op.status);
      await w.settle(30);
      return;
    case 'call':
      sim?.incomingCall();
      await w.settle(30);
      return;
    case 'accept': {
      const ringing = sim?.getCalls().find((c) => c.state === 'ringing' && c.role === 'customer');
      const entry = w.pick(op.who);
      if (ringing && entry) void entry.page.connector.acceptCall({ callId: ringing.id }).catch(() => undefined);
      await w.settle(30);
      return;
    }
    case 'remoteHangup':
      sim?.remoteHangup();
      await w.settle(30);
      return;
    case 'wrapUp':
      w.pick(op.who)?.page.connector.wrapUpCall({});
      await w.settle(30);
      return;
    case 'wait':
      await w.settle(op.ms);
      return;
  }
}

/**
 * Blocked storage: each frame runs from its own memory, so the state lives only in the
 * instances (the leader's partner, the followers' mirrors). A takeover must keep it when
 * another instance holds it (CONTRACT §6); a lone tab's reload in blocked storage starts
 * afresh, as a single instance does.
 */
const STORAGE_CASES: [string, boolean][] = [
  ['shared storage', true],
  ['blocked storage', false],
];

describe('instances act as one connector over random interleavings', () => {
  it.each(STORAGE_CASES)('%s: one leader, calls rung once with one id, nothing published during a call, no missed call that was answered, calls survive takeovers', async (_name, shared) => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 15 }), async (ops) => {
        published.length = 0;
        const w = new World(shared);
        currentCallState = () => w.sim()?.getCallState() ?? 'unknown';
        const answered = new Set<string>();
        const created = new Set<string>();
        try {
          await w.open();
          await w.open();
          for (const op of ops) {
            const before = w.sim();
            const liveBefore = before ? before.getCalls().filter((c) => c.state !== 'ringing').map((c) => c.id) : [];
            const leaving = op.kind === 'close' || op.kind === 'crash' || op.kind === 'reload' || op.kind === 'crashReopen';
            // Who holds the state through the op: the storage, or an instance that stays.
            const held = shared || w.pages.length > 1;
            await run(w, op);
            if (leaving) {
              // a closing leader resigns; a crashed one is found when its lease runs out
              await w.settle(op.kind === 'crash' ? LEASE_MS + CLAIM_MS + 100 : 1_300);
              // no state lost on a takeover: answered calls are still there
              if (w.pages.length > 0 && before && held) {
                const after = w.sim();
                expect(after).not.toBeNull();
                expect(after?.getCalls().filter((c) => c.state !== 'ringing').map((c) => c.id)).toEqual(liveBefore);
              }
            }
            if (w.pages.length > 0) {
              await w.settle(1_300);
              expect(w.leaders()).toHaveLength(1);
            }
            for (const c of w.sim()?.getCalls() ?? []) {
              created.add(c.id);
              if (c.state === 'connected' || c.state === 'held') answered.add(c.id);
            }
          }
          // a call rang with one id: every CALL_STARTED names a call the one partner made
          for (const e of published.filter((p) => p.eventType === 'CALL_STARTED')) {
            const id = (e.payload as { call?: { callId?: string }; callId?: string }).call?.callId ?? (e.payload as { callId?: string }).callId;
            expect(created.has(id ?? '')).toBe(true);
          }
          // the guard is the agent's: no status published while the one partner has a call
          expect(published.filter((p) => p.eventType === 'SET_AGENT_STATUS' && p.callState !== 'idle' && p.callState !== 'unknown')).toEqual([]);
          // no instance reports an answered call as missed
          for (const e of published.filter((p) => p.eventType === 'HANGUP')) {
            const text = JSON.stringify(e.payload);
            if (text.includes('"error"')) for (const id of answered) expect(text).not.toContain(id);
          }
        } finally {
          for (const { page } of w.pages) page.dispose();
        }
      }),
      fcOptions(60, 'FC_RUNS'),
    );
  }, 120_000);
});
