/**
 * Several connector instances of one agent (CONTRACT §6), each a full instance page
 * (election, relay, connector), in one test: their BroadcastChannels meet in a fake hub
 * on a fake clock. `publishEvent` is recorded, so events to Salesforce are counted across
 * instances (they share one realm here, so the count is what matters).
 */
import { CLAIM_MS, LEASE_MS } from '../../../src/composition/instances/election';
import { READY_LIMIT_MS } from '../../../src/composition/instances/instance-page';
import type { PartnerEvent } from '../../../src/partner/partner-telephony';
import { InstanceWorld, RING_MS } from '../../support/instance-world';
import { DEFAULT_CONNECTOR_CONFIG, STATUS } from '../../support/salesforce-double';

const published: { eventType: string; payload: unknown }[] = [];
jest.mock('../../../src/salesforce/scv', () => {
  const actual = jest.requireActual<typeof import('../../../src/salesforce/scv')>('../../../src/salesforce/scv');
  return {
    ...actual,
    publishEvent: (eventType: string, payload: unknown) => {
      published.push({ eventType, payload: JSON.parse(JSON.stringify(payload)) as unknown });
      return Promise.resolve();
    },
    publishLog: () => undefined,
    initializeConnector: () => undefined,
  };
});

const events = (type: string): { eventType: string; payload: unknown }[] => published.filter((e) => e.eventType === type);
const statusesPublished = (): string[] => events('SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId);

beforeEach(() => {
  published.length = 0;
});

type StatusChange = Extract<PartnerEvent, { type: 'statusChanged' }>;

/** Every status the world's one simulator takes from now on, as `label` writes it. */
function statusTransitions(w: InstanceWorld, label: (e: StatusChange) => string = (e) => e.status): string[] {
  const seen: string[] = [];
  w.sim().subscribe((e) => {
    if (e.type === 'statusChanged') seen.push(label(e));
  });
  return seen;
}

/** Tabs `a` and `b`, the agent Available, and call-1 answered in tab `answeredIn`. */
async function twoTabsOnACall(w: InstanceWorld, answeredIn: 'a' | 'b'): Promise<void> {
  await w.connect('a');
  await w.connect('b');
  await w.omni(STATUS.AVAILABLE);
  w.sim().incomingCall();
  await w.settle();
  await w.run(answeredIn, (p) => p.connector.acceptCall({ callId: 'call-1' }));
  await w.settle();
}

describe.each([
  ['storage shared', true],
  ['storage blocked (each frame its own memory)', false],
])('several instances of one agent, %s', (_name, shared) => {
  let w: InstanceWorld;
  beforeEach(() => {
    w = new InstanceWorld({ shared });
  });
  afterEach(() => w.closeAll());

  it('a call rings once in the one partner, with one callId in every instance; answered in B, nobody reports it missed', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.connect('c');
    await w.omni(STATUS.AVAILABLE);
    expect(w.sim().getStatus()).toBe('AVAILABLE');
    w.sim().incomingCall('+15555550100');
    await w.settle();
    const started = events('CALL_STARTED');
    expect(started).toHaveLength(3);
    const ids = new Set(started.map((e) => (e.payload as { call: { callId: string } }).call.callId));
    expect([...ids]).toEqual(['call-1']);
    await w.run('b', (p) => p.connector.acceptCall({ callId: 'call-1' }));
    expect(w.sim().getCallState()).toBe('connected');
    for (const p of w.pages.values()) expect(p.partner.getCallState()).toBe('connected');
    await w.settle(RING_MS * 2);
    expect(events('HANGUP')).toEqual([]);
  });

  it('a partner change is published once; the Omni echo in every instance moves nothing', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.omni(STATUS.AVAILABLE);
    const transitions = statusTransitions(w);
    w.sim().setPartnerStatus('BREAK');
    await w.settle();
    expect(statusesPublished()).toEqual([STATUS.AWAY]);
    expect(await w.omni(STATUS.AWAY)).toEqual([true, true]);
    w.sim().setPartnerStatus('AVAILABLE');
    await w.settle();
    expect(await w.omni(STATUS.AVAILABLE)).toEqual([true, true]);
    await w.settle(1_000);
    expect(statusesPublished()).toEqual([STATUS.AWAY, STATUS.AVAILABLE]);
    expect(transitions).toEqual(['BREAK', 'AVAILABLE']);
    expect(w.leader().status.view().syncLog.filter((e) => e.outcome === 'echo')).toHaveLength(2);
  });

  it('partner BREAK then AVAILABLE, echoed late by every instance: published once each, nothing flips back', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.omni(STATUS.AVAILABLE);
    const transitions = statusTransitions(w);
    w.sim().setPartnerStatus('BREAK');
    await w.settle();
    w.sim().setPartnerStatus('AVAILABLE');
    await w.settle();
    await w.omni(STATUS.AWAY);
    await w.omni(STATUS.AVAILABLE);
    await w.settle(1_000);
    expect(statusesPublished()).toEqual([STATUS.AWAY, STATUS.AVAILABLE]);
    expect(transitions).toEqual(['BREAK', 'AVAILABLE']);
    expect(w.sim().getStatus()).toBe('AVAILABLE');
  });

  it('an Omni change reported by every instance reaches the partner once', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.connect('c');
    const transitions = statusTransitions(w, (e) => `${e.origin}:${e.status}`);
    await w.omni(STATUS.AVAILABLE);
    await w.omni(STATUS.BUSY);
    await w.omni(STATUS.AVAILABLE);
    expect(transitions).toEqual(['connector:AVAILABLE', 'connector:MEETING', 'connector:AVAILABLE']);
    expect(statusesPublished()).toEqual([]);
  });

  it('cold start: a lone tab is ready after its claim, and a joining tab as soon as the leader answers', async () => {
    let ready = false;
    void w.open('a').connector.init({ ...DEFAULT_CONNECTOR_CONFIG }).then(() => (ready = true));
    await w.settle(CLAIM_MS + 20);
    expect(ready).toBe(true);
    ready = false;
    void w.open('b').connector.init({ ...DEFAULT_CONNECTOR_CONFIG }).then(() => (ready = true));
    await w.settle(20);
    expect(ready).toBe(true);
    expect(w.leader().id).toBe('a');
  });

  it('tabs that opened before any leader, and every tab after a takeover, are owed their Omni copies: each change applies once', async () => {
    const inits = ['a', 'b', 'c'].map((id) => w.open(id).connector.init({ ...DEFAULT_CONNECTOR_CONFIG }));
    await w.settle(CLAIM_MS + 50);
    await Promise.all(inits);
    const applied = (): string[] => w.leader().status.view().syncLog.filter((e) => e.direction === 'toPartner' && e.outcome === 'applied').map((e) => e.to);
    expect(await w.omni(STATUS.AVAILABLE)).toEqual([true, true, true]);
    expect(applied()).toEqual([STATUS.AVAILABLE]);
    w.close(w.leader().id);
    await w.settle(CLAIM_MS + 50);
    expect(await w.omni(STATUS.BUSY)).toEqual([true, true]);
    expect(applied().filter((to) => to === STATUS.BUSY)).toEqual([STATUS.BUSY]);
  });

  it('the guard is the agent\'s: a partner change during a call answered in a follower is not published by anyone', async () => {
    await twoTabsOnACall(w, 'b');
    w.sim().setPartnerStatus('BREAK');
    await w.settle(1_000);
    expect(statusesPublished()).toEqual([]);
  });

  it('closing the publishing instance mid-call with a pending change: a follower takes over within 2 s, with the call and the change', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.connect('c');
    await w.omni(STATUS.AVAILABLE);
    w.sim().incomingCall();
    await w.settle();
    await w.run('c', (p) => p.connector.acceptCall({ callId: 'call-1' }));
    await w.settle();
    expect(await w.omni(STATUS.BUSY, true)).toEqual([true, true, true]);
    expect(w.leader().status.view().pending?.statusId).toBe(STATUS.BUSY);
    expect(w.leader().id).toBe('a');
    w.close('a');
    await w.settle(CLAIM_MS + 50);
    const next = w.leader();
    expect(next.id).not.toBe('a');
    expect(w.sim().getCalls().map((c) => c.id)).toEqual(['call-1']);
    expect(w.sim().getCallState()).toBe('connected');
    expect(next.status.view().pending?.statusId).toBe(STATUS.BUSY);
    const transitions = statusTransitions(w);
    await w.run('b', (p) => p.connector.endCall({ callId: 'call-1' }));
    await w.settle();
    await w.run('c', (p) => {
      p.connector.wrapUpCall({ callId: 'call-1' });
      return Promise.resolve();
    });
    await w.settle(1_000);
    expect(transitions).toEqual(['MEETING']);
    expect(events('HANGUP').filter((e) => JSON.stringify(e.payload).includes('error'))).toEqual([]);
  });

  it('a publishing instance that crashes (no resign) is replaced after its lease and keeps the call', async () => {
    await twoTabsOnACall(w, 'b');
    w.hub.crash('a#1');
    w.pages.delete('a');
    await w.settle(LEASE_MS + CLAIM_MS + 50);
    expect(w.leader().id).toBe('b');
    expect(w.sim().getCallState()).toBe('connected');
  });

  it('a publishing instance crashes mid-call and a new tab opens before anyone noticed: the follower takes over with the call, the new tab replays it', async () => {
    await twoTabsOnACall(w, 'b');
    w.hub.crash('a#1');
    w.pages.delete('a');
    const c = w.open('c');
    const ready = w.init(c);
    await w.settle(READY_LIMIT_MS);
    await ready;
    expect(w.leader().id).toBe('b');
    expect(w.sim().getCallState()).toBe('connected');
    expect((await c.connector.getActiveCalls()).activeCalls.map((call) => call.callId)).toEqual(['call-1']);
  });

  it('every other tab learns of the agent\'s actions in one tab: accept, hold, resume, mute, end call, end of wrap-up', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.connect('c');
    await w.omni(STATUS.AVAILABLE);
    w.sim().incomingCall();
    await w.settle();
    const since = (type: string, from: number): unknown[] => published.slice(from).filter((e) => e.eventType === type).map((e) => e.payload);
    let mark = published.length;
    await w.run('b', (p) => p.connector.acceptCall({ callId: 'call-1' }));
    expect(since('CALL_CONNECTED', mark).map((p) => (p as { call: { callId: string } }).call.callId)).toEqual(['call-1', 'call-1']);
    mark = published.length;
    await w.run('c', (p) => p.connector.hold({ callId: 'call-1' }));
    expect(since('HOLD_TOGGLE', mark).map((p) => (p as { isCustomerOnHold: boolean }).isCustomerOnHold)).toEqual([true, true]);
    mark = published.length;
    await w.run('a', (p) => p.connector.resume({ callId: 'call-1' }));
    expect(since('HOLD_TOGGLE', mark).map((p) => (p as { isCustomerOnHold: boolean }).isCustomerOnHold)).toEqual([false, false]);
    mark = published.length;
    await w.run('b', (p) => p.connector.mute());
    expect(since('MUTE_TOGGLE', mark)).toEqual([{ isMuted: true }, { isMuted: true }]);
    mark = published.length;
    await w.run('a', (p) => p.connector.endCall({ callId: 'call-1' }));
    const hangups = since('HANGUP', mark);
    expect(hangups).toHaveLength(2);
    expect(JSON.stringify(hangups)).not.toContain('"error"');
    expect(since('AFTER_CALL_WORK_STARTED', mark)).toHaveLength(3);
    mark = published.length;
    w.page('c').connector.wrapUpCall({ callId: 'call-1' });
    await w.settle();
    expect(w.sim().getCallState()).toBe('idle');
    expect(since('WRAP_UP_ENDED', mark)).toHaveLength(2);
  });

  it('what the partner side does is told once per tab, by the connector, not again as an action elsewhere', async () => {
    await w.connect('a');
    await w.connect('b');
    await w.omni(STATUS.AVAILABLE);
    w.sim().incomingCall();
    await w.settle();
    await w.run('a', (p) => p.connector.acceptCall({ callId: 'call-1' }));
    const mark = published.length;
    w.sim().remoteHangup();
    await w.settle();
    expect(published.slice(mark).filter((e) => e.eventType === 'HANGUP')).toHaveLength(2);
  });

  it('a lone tab publishes what a single instance does: nothing more for its own actions or the far end\'s', async () => {
    await w.connect('a');
    await w.omni(STATUS.AVAILABLE);
    w.sim().incomingCall();
    await w.settle();
    const mark = published.length;
    await w.run('a', (p) => p.connector.acceptCall({ callId: 'call-1' }));
    await w.run('a', (p) => p.connector.mute());
    await w.run('a', (p) => p.connector.hold({ callId: 'call-1' }));
    w.sim().remoteHangup();
    await w.settle();
    await w.run('a', (p) => p.connector.logout());
    expect(published.slice(mark).map((e) => e.eventType)).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
  });

  /** Rings, answers in `accepter` and hangs up there: the agent is in wrap-up, shown by every tab. */
  async function intoWrapUp(accepter: string): Promise<void> {
    await w.omni(STATUS.AVAILABLE);
    w.sim().incomingCall();
    await w.settle();
    await w.run(accepter, (p) => p.connector.acceptCall({ callId: 'call-1' }));
    await w.run(accepter, (p) => p.connector.endCall({ callId: 'call-1' }));
    expect(w.sim().getCallState()).toBe('wrapup');
  }

  /** CONTRACT §7.4 gives a reloaded lone tab 5 s to re-announce or end wrap-up. */
  const WRAP_UP_LIMIT_MS = 5_000;

  it('§7.4 with several tabs: a follower reloaded during wrap-up that another tab holds leaves it alone; the holder ends it', async () => {
    await w.connect('a');
    await w.connect('b');
    await intoWrapUp('a');
    w.close('b');
    await w.connect('b2');
    await w.settle(WRAP_UP_LIMIT_MS + 1_000);
    expect(w.sim().getCallState()).toBe('wrapup');
    w.page('a').connector.wrapUpCall({ callId: 'call-1' });
    await w.settle();
    expect(w.sim().getCallState()).toBe('idle');
  });

  it('§7.4 with several tabs: the leader reloaded during wrap-up keeps it for the tab that holds it; once no tab shows it, it ends', async () => {
    await w.connect('a');
    await w.connect('b');
    await intoWrapUp('b');
    w.close('a');
    await w.connect('a2');
    await w.settle(WRAP_UP_LIMIT_MS + 1_000);
    expect(w.sim().getCallState()).toBe('wrapup');
    w.close('b');
    await w.settle(WRAP_UP_LIMIT_MS);
    expect(w.leader().id).toBe('a2');
    expect(w.sim().getCallState()).toBe('idle');
  });

  it('a reloaded follower gets the call back for its CONNECTOR_READY', async () => {
    await twoTabsOnACall(w, 'a');
    w.close('b');
    const b2 = await w.connect('b2');
    const active = await b2.connector.getActiveCalls();
    expect(active.activeCalls.map((c) => c.callId)).toEqual(['call-1']);
  });
});
