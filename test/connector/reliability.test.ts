/**
 * CONTRACT §7 through the real base-library protocol: the Salesforce double on one side,
 * the simulated partner on the other, time on a {@link FakeClock}.
 */
import { FakeBroadcastChannel } from '../support/fake-broadcast-channel';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS, type Payload, type StartOptions } from '../support/salesforce-double';
import { savedSchedule } from '../support/simulator-state';

const CUSTOMER = '+14155550142';
// Whole call sequences through the real protocol; a loaded machine needs more than jest's 5 s.
jest.setTimeout(30_000);
let sf: SalesforceDouble | undefined;
afterEach(() => {
  sf?.close();
  sf = undefined;
});

async function load(options: StartOptions = {}, config: Record<string, unknown> = {}): Promise<SalesforceDouble> {
  sf = await SalesforceDouble.start({ connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, ...config }, ...options });
  return sf;
}

async function omni(s: SalesforceDouble, statusId: string, enqueueNextState = false): Promise<Payload> {
  const result = await s.request('SET_AGENT_STATUS', { statusInfo: { statusId }, enqueueNextState }, 'SET_AGENT_STATUS_RESULT');
  await s.settle();
  return result;
}

async function ringAndAnswer(s: SalesforceDouble): Promise<Payload> {
  s.mark();
  s.page.partner.incomingCall(CUSTOMER);
  const call = await s.waitForEvent('CALL_STARTED');
  await s.request('ACCEPT_CALL', { call }, 'CALL_CONNECTED');
  await s.settle();
  return call;
}

async function hangUpAndWrapUp(s: SalesforceDouble, call: Payload): Promise<void> {
  s.page.partner.remoteHangup();
  await s.settle();
  s.send('WRAP_UP_CALL', { call });
  await s.settle();
}

function publishedSinceMark(s: SalesforceDouble): string[] {
  return s.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId);
}

describe('CONTRACT 7.5: a step of the wall clock', () => {
  it('onCallPolicy defer: after the wall clock steps back an hour, a partner BREAK during a later call is published when it ends', async () => {
    const clock = new FakeClock();
    const s = await load({ clock }, { '/statusSync/onCallPolicy': 'defer' });
    await omni(s, STATUS.AVAILABLE);
    const first = await ringAndAnswer(s);
    await omni(s, STATUS.BUSY, true);
    await hangUpAndWrapUp(s, first);
    expect(s.page.partner.getStatus()).toBe('MEETING');
    await omni(s, STATUS.AVAILABLE);

    clock.stepWallClock(-3_600_000);
    clock.advance(1_000);
    const second = await ringAndAnswer(s);
    s.page.partner.setPartnerStatus('BREAK');
    await s.settle();
    expect(s.page.status.view().pending).toMatchObject({ direction: 'toSalesforce', status: 'BREAK' });
    s.mark();
    await hangUpAndWrapUp(s, second);
    expect(publishedSinceMark(s)).toEqual([STATUS.AWAY]);
  });
});

describe('CONTRACT 7.4: a reload during wrap-up', () => {
  it('the wrap-up from before the reload ends one task after CONNECTOR_READY; then calls ring and partner changes publish', async () => {
    const clock = new FakeClock();
    let s = await load({ clock });
    await omni(s, STATUS.AVAILABLE);
    await ringAndAnswer(s);
    s.page.partner.remoteHangup();
    await s.settle();
    expect(s.page.partner.getCallState()).toBe('wrapup');
    const { store } = s;
    s.close();

    s = await load({ clock, store });
    expect(s.ready()).toMatchObject({ callInProgress: null });
    await s.settle();
    expect(s.page.partner.getCallState()).toBe('idle');
    s.mark();
    s.page.partner.setPartnerStatus('BREAK');
    await s.settle();
    expect(publishedSinceMark(s)).toEqual([STATUS.AWAY]);
    await omni(s, STATUS.AVAILABLE);
    s.mark();
    expect(s.page.partner.incomingCall(CUSTOMER)).not.toBeNull();
    await s.waitForEvent('CALL_STARTED');
  });
});

describe('CONTRACT 7.7: LOGOUT', () => {
  it('a break scheduled before LOGOUT never starts, and nothing is published for the agent afterwards', async () => {
    const clock = new FakeClock();
    const s = await load({ clock });
    await omni(s, STATUS.AVAILABLE);
    s.page.partner.scheduleStatus('BREAK', 1_000, 1_000);
    await s.request('LOGOUT', {}, 'LOGOUT_RESULT');
    await s.settle();
    expect(s.page.partner.getStatus()).toBe('OFFLINE');
    s.mark();
    clock.advance(5_000);
    await s.settle();
    expect(s.page.partner.getStatus()).toBe('OFFLINE');
    s.page.partner.setPartnerStatus('AVAILABLE');
    await s.settle();
    expect(publishedSinceMark(s)).toEqual([]);
  });
});

describe('CONTRACT 7.6: floods on the control channel', () => {
  it('10k SCHEDULE_STATUS and 10k junk messages: at most 100 scheduled, bounded error lines, per-command cost independent of history', async () => {
    const clock = new FakeClock();
    const channel = new FakeBroadcastChannel();
    const s = await load({ clock, openChannel: () => channel });
    let written = 0;
    const set = s.store.set.bind(s.store);
    s.store.set = (key: string, value: string) => {
      written += value.length;
      set(key, value);
    };
    const perThousand: { chars: number; ms: number }[] = [];
    const junk = [null, 42, 'x', [], { type: 'NOPE' }, { type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: -1 }, { type: 'SET_PARTNER_STATUS', status: 'ASLEEP' }];
    for (let block = 0; block < 20; block++) {
      const before = written;
      const started = performance.now();
      for (let i = 0; i < 1_000; i++) {
        if (block < 10) channel.deliver({ type: 'SCHEDULE_STATUS', status: 'BREAK', startInMs: 3_600_000 + block * 1_000 + i });
        else channel.deliver(junk[i % junk.length]);
      }
      clock.advance(0);
      perThousand.push({ chars: written - before, ms: performance.now() - started });
    }
    await s.settle();
    expect(savedSchedule(s.store)).toHaveLength(100);
    const controlErrors = s.errors().filter((l) => l.eventType === 'PARTNER_SIMULATOR_CONTROL');
    expect(controlErrors).toHaveLength(100);
    clock.advance(60_000);
    await s.settle();
    const summary = s.errors().filter((l) => l.eventType === 'PARTNER_SIMULATOR_CONTROL').slice(100);
    expect(summary).toEqual([{ eventType: 'PARTNER_SIMULATOR_CONTROL', payload: { count: 19_800, message: 'control messages ignored without a log line (over 100 a minute)' }, isError: true }]);
    // Refused commands write nothing; the accepted ones cost the same late as early.
    expect(perThousand.slice(1).every((b) => b.chars === 0)).toBe(true);
    const first = perThousand[1]!.ms;
    const last = perThousand[9]!.ms;
    expect(last / Math.max(first, 1)).toBeLessThan(5);
    expect(s.page.partner.incomingCall(CUSTOMER)).not.toBeNull();
  });
});
