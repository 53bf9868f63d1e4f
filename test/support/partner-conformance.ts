/**
 * The conformance suite of the partner seam: what every `PartnerTelephony` MUST do
 * (src/partner/partner-telephony.ts), as a checklist a vendor runs against their own.
 *
 * @remarks
 * `partnerConformance(name, makeRig)` defines the suite for one implementation. A rig
 * gives the partner, the fake clock it runs on, the far end (a customer calls, the
 * partner system changes the status) and, for a networked implementation, the network
 * controls; without them the reconnect and time-limit checks are skipped, not passed.
 *
 * @example
 * ```ts
 * partnerConformance('AcmePartner', () => {
 *   const clock = new FakeClock();
 *   const partner = new AcmePartner({ clock, url: testServer.url });
 *   return { partner, clock, ring: () => testServer.ring(), setByPartner: (s) => testServer.set(s), close: () => partner.dispose() };
 * });
 * ```
 */
import { withTimeLimit } from '../../src/connector/time-limit';
import { COMMAND_TIME_LIMIT_MS, isPartnerError, type PartnerEvent, type PartnerTelephony } from '../../src/partner/partner-telephony';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import type { FakeClock } from './fake-clock';

/** One implementation under test. */
export interface ConformanceRig {
  /** A fresh partner, not connected yet, agent `AVAILABLE` and idle, no call. */
  readonly partner: PartnerTelephony;
  readonly clock: FakeClock;
  /**
   * A customer call rings for the agent (the far end). A networked rig may return a
   * promise that settles once the partner has received it (when connected).
   */
  ring(): void | Promise<void>;
  /** The partner system changes the agent's status (a supervisor, a WFM schedule); may be async like `ring`. */
  setByPartner(status: PartnerStatus): void | Promise<void>;
  /** Network controls of a networked implementation (`networked: true`). */
  readonly network?: {
    drop(): void;
    /** Lets the partner reconnect; may return a promise that settles once it is back. */
    restore(how: 'replay' | 'resync'): void | Promise<void>;
    /** The next call of this command never answers. */
    hangNext(command: 'hold' | 'setStatus'): void;
  };
  close(): void;
}

/** The events a partner delivers, and a short form of them. */
function record(partner: PartnerTelephony): { events: PartnerEvent[]; types(): string[] } {
  const events: PartnerEvent[] = [];
  partner.subscribe((e) => events.push(e));
  return { events, types: () => events.map((e) => (e.type === 'callStateChanged' ? `callStateChanged:${e.state}` : e.type)) };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/**
 * Defines the conformance suite for one implementation; `networked` says its rigs have
 * `network` controls (otherwise the reconnect and time-limit checks are skipped).
 */
export function partnerConformance(name: string, makeRig: () => ConformanceRig, { networked = false } = {}): void {
  const itNetworked = networked ? it : it.skip;
  describe(`PartnerTelephony conformance: ${name}`, () => {
    let rig: ConformanceRig;
    beforeEach(async () => {
      rig = makeRig();
      await expect(rig.partner.connect({ config: {} })).resolves.toEqual({ outcome: 'connected' });
    });
    afterEach(() => rig.close());

    it('lifecycle: connect ends connected', () => {
      expect(rig.partner.connectionState).toBe('connected');
    });

    it('catalogue: unique codes, a routable one, an offline one, and the current status in it', () => {
      const catalogue = rig.partner.getStatusCatalogue();
      const codes = catalogue.map((s) => s.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(catalogue.some((s) => s.routable && !s.offline)).toBe(true);
      expect(catalogue.some((s) => s.offline && !s.routable)).toBe(true);
      expect(codes).toContain(rig.partner.getStatus());
    });

    it('order: a ringing call announces callStateChanged first, every event stamped with a rising seq and the time', async () => {
      const r = record(rig.partner);
      await rig.ring();
      expect(r.types()).toEqual(['callStateChanged:ringing', 'incomingCall']);
      const seqs = r.events.map((e) => e.seq);
      expect(seqs[1]).toBeGreaterThan(seqs[0]!);
      for (const e of r.events) expect(Number.isFinite(e.at)).toBe(true);
      expect(rig.partner.getCallState()).toBe('ringing');
      expect(rig.partner.getCalls()).toHaveLength(1);
    });

    it('completion: setStatus resolves after the mirror and the statusChanged (origin connector) show it', async () => {
      const r = record(rig.partner);
      const done = rig.partner.setStatus('BREAK', 'conformance');
      await done;
      expect(rig.partner.getStatus()).toBe('BREAK');
      expect(r.events).toEqual([expect.objectContaining({ type: 'statusChanged', status: 'BREAK', previous: 'AVAILABLE', origin: 'connector' })]);
    });

    it('origin: a change by the partner system is announced with origin partner', async () => {
      const r = record(rig.partner);
      await rig.setByPartner('LUNCH');
      expect(r.events).toEqual([expect.objectContaining({ type: 'statusChanged', status: 'LUNCH', origin: 'partner' })]);
    });

    it('completion: after await acceptCall and mute, the mirror is connected and muted', async () => {
      await rig.ring();
      const [call] = rig.partner.getCalls();
      await rig.partner.acceptCall(call!.id);
      expect(rig.partner.getCallState()).toBe('connected');
      await rig.partner.mute();
      expect(rig.partner.isMuted()).toBe(true);
    });

    it('errors: a refused command rejects with a typed PartnerError and changes nothing', async () => {
      const r = record(rig.partner);
      const noCall = await rejectionOf(rig.partner.hold('no-such-call'));
      expect(isPartnerError(noCall) && noCall.code).toBe('NO_SUCH_CALL');
      const badStatus = await rejectionOf(rig.partner.setStatus('NO_SUCH_STATUS', 'x'));
      expect(isPartnerError(badStatus) && badStatus.code).toBe('INVALID_STATUS');
      expect(r.events).toEqual([]);
      expect([rig.partner.getStatus(), rig.partner.getCallState(), rig.partner.getCalls()]).toEqual(['AVAILABLE', 'idle', []]);
    });

    it('facts: a supervisor barging in is in the mirror and announced', async () => {
      await rig.ring();
      const [call] = rig.partner.getCalls();
      await rig.partner.acceptCall(call!.id);
      await rig.partner.superviseCall('other-agents-call');
      const r = record(rig.partner);
      await rig.partner.bargeIn('other-agents-call');
      expect(rig.partner.getCalls().find((c) => c.role === 'supervisor')?.bargedIn).toBe(true);
      expect(r.types()).toEqual(['supervisorBargedIn']);
    });

    itNetworked('time limit: a command with no answer fails with TIMEOUT exactly at the limit', async () => {
      if (!rig.network) throw new Error('a networked rig needs network controls');
      rig.network.hangNext('hold');
      await rig.ring();
      const [call] = rig.partner.getCalls();
      await rig.partner.acceptCall(call!.id);
      let outcome: unknown = 'pending';
      withTimeLimit(rig.clock, COMMAND_TIME_LIMIT_MS, 'hold', rig.partner.hold(call!.id)).catch((e: unknown) => (outcome = e));
      rig.clock.advance(COMMAND_TIME_LIMIT_MS - 1);
      await Promise.resolve();
      expect(outcome).toBe('pending');
      rig.clock.advance(1);
      await Promise.resolve();
      expect(isPartnerError(outcome) && outcome.code).toBe('TIMEOUT');
    });

    itNetworked.each(['replay', 'resync'] as const)('reconnect (%s): UNAVAILABLE meanwhile, then the mirror is the partner’s and nothing is announced twice', async (how) => {
      if (!rig.network) throw new Error('a networked rig needs network controls');
      const states: string[] = [];
      rig.partner.onConnectionStateChange((s) => states.push(s));
      const r = record(rig.partner);
      await rig.setByPartner('MEETING');
      const before = r.events.at(-1)!.seq;
      rig.network.drop();
      expect(rig.partner.connectionState).toBe('reconnecting');
      const refused = await rejectionOf(rig.partner.setStatus('BREAK', 'x'));
      expect(isPartnerError(refused) && refused.code).toBe('UNAVAILABLE');
      await rig.setByPartner('AVAILABLE');
      await rig.ring();
      expect(r.events).toHaveLength(1); // nothing arrives while the connection is down
      expect(rig.partner.getStatus()).toBe('MEETING'); // the last known state
      await rig.network.restore(how);
      expect(states).toEqual(['reconnecting', 'connected']);
      expect([rig.partner.getStatus(), rig.partner.getCallState()]).toEqual(['AVAILABLE', 'ringing']);
      const after = r.events.slice(1);
      if (how === 'replay') expect(after.map((e) => e.type)).toEqual(['statusChanged', 'callStateChanged', 'incomingCall']);
      else expect(after.map((e) => e.type)).toEqual(['resynced']);
      const seqs = after.map((e) => e.seq);
      expect(seqs.every((s, i) => s > before && (i === 0 || s > seqs[i - 1]!))).toBe(true);
    });

    it('dispose: disconnected, and nothing is announced after', async () => {
      const r = record(rig.partner);
      rig.partner.dispose();
      expect(rig.partner.connectionState).toBe('disconnected');
      try {
        await rig.setByPartner('BREAK');
      } catch {
        // A disposed far end may refuse; it must not announce.
      }
      expect(r.events).toEqual([]);
    });
  });
}
