import { CALL_STATES } from '../../../src/vocabulary/call-state';
import { CALL_STATE_TRANSITIONS, transitionCallState } from '../../../src/partner/core/call-state-machine';
import { PartnerError } from '../../../src/partner/partner-telephony';
import { DEFAULT_RING_TIMEOUT_MS } from '../../../src/partner/core/agent';
import { driveTo, makeHarness } from './harness';

const STATES = CALL_STATES;

describe('agent call state machine', () => {
  describe.each(STATES)('from %s', (from) => {
    const refused = STATES.filter((to) => to !== from && !CALL_STATE_TRANSITIONS[from].includes(to));
    if (refused.length > 0) {
      it.each(refused)(`the guarded transition refuses the impossible ${from} -> %s`, (to) => {
        expect(() => transitionCallState(from, to)).toThrow(new Error(`impossible call-state transition ${from} -> ${to}`));
      });
    }
    it.each(CALL_STATE_TRANSITIONS[from])(`the guarded transition allows ${from} -> %s`, (to) => {
      expect(transitionCallState(from, to)).toBe(to);
    });
    it(`staying in ${from} is no move`, () => {
      expect(transitionCallState(from, from)).toBe(from);
    });
  });

  it('idle -> ringing: a customer calls; the state change is announced before the call', () => {
    const h = makeHarness();
    h.partner.incomingCall();
    expect(h.take()).toEqual(['callStateChanged:idle>ringing', 'incomingCall:c1:ringing', 'stateChanged']);
  });

  it('ringing -> connected: the agent answers', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    h.take();
    const call = await h.partner.acceptCall('c1');
    expect(call.state).toBe('connected');
    expect(h.take()).toEqual(['callStateChanged:ringing>connected', 'stateChanged']);
  });

  it('ringing -> idle: the agent declines; the guard lifts at once', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    h.take();
    expect((await h.partner.declineCall('c1')).state).toBe('ended');
    expect(h.take()).toEqual(['callStateChanged:ringing>idle', 'stateChanged']);
    expect(h.partner.getCalls()).toEqual([]);
  });

  it('ringing -> idle: nobody answers within the ring timeout; the call is missed', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    h.take();
    h.clock.advance(DEFAULT_RING_TIMEOUT_MS);
    expect(h.take()).toEqual(['callMissed:c1:ended', 'callStateChanged:ringing>idle', 'stateChanged']);
  });

  it('ringing -> idle: the caller gives up before the agent answers', async () => {
    const h = makeHarness();
    await driveTo(h, 'ringing');
    h.take();
    h.partner.remoteHangup();
    expect(h.take()).toEqual(['remoteHangup:c1:ended', 'callStateChanged:ringing>idle', 'stateChanged']);
  });

  it('connected -> held -> connected: the agent holds and resumes the customer', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    h.take();
    await h.partner.hold('c1');
    await h.partner.resume('c1');
    expect(h.take()).toEqual(['callStateChanged:connected>held', 'stateChanged', 'callStateChanged:held>connected', 'stateChanged']);
  });

  it('connected -> wrapup: the customer hangs up; the call event comes before the state change', async () => {
    const h = makeHarness();
    await driveTo(h, 'connected');
    h.take();
    h.partner.remoteHangup();
    expect(h.take()).toEqual(['remoteHangup:c1:ended', 'callStateChanged:connected>wrapup', 'stateChanged']);
  });

  it('held -> wrapup: the agent hangs up a held call', async () => {
    const h = makeHarness();
    await driveTo(h, 'held');
    h.take();
    const ended = await h.partner.hangUp('c1');
    expect(ended.map((c) => [c.id, c.state])).toEqual([['c1', 'ended']]);
    expect(h.take()).toEqual(['callStateChanged:held>wrapup', 'stateChanged']);
  });

  it('wrapup -> idle: the agent ends after-call work; outside wrap-up it is a no-op', async () => {
    const h = makeHarness();
    await driveTo(h, 'wrapup');
    h.take();
    await h.partner.endWrapUp();
    expect(h.take()).toEqual(['callStateChanged:wrapup>idle', 'stateChanged']);
    await h.partner.endWrapUp();
    expect(h.take()).toEqual([]);
  });

  it('wrapup: a new customer call is refused until wrap-up ends', async () => {
    const h = makeHarness();
    await driveTo(h, 'wrapup');
    h.take();
    expect(h.partner.incomingCall()).toBeNull();
    expect(h.take()).toEqual(['callRefused:agent is wrapup, expected idle']);
  });

  it('a rejected command names the state and what was expected, and changes nothing', async () => {
    const h = makeHarness();
    await driveTo(h, 'held');
    h.take();
    const error = await h.partner.hold('c1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerError);
    expect((error as PartnerError).code).toBe('INVALID_STATE');
    expect((error as PartnerError).message).toBe('call c1 is held, expected connected to hold');
    expect(h.partner.getCallState()).toBe('held');
    expect(h.events).toEqual([]);
  });
});
