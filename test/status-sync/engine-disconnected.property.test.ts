/**
 * CONTRACT §8 as a property of the pure rules: after any sequence of drops, reconnects,
 * Omni changes and partner changes (the agent idle), once the partner is back and
 * everything is delivered, both sides agree on the latest intent by the partner's clock,
 * nothing was sent to the partner while it was away, and no held change was applied twice.
 */
import fc from 'fast-check';
import { ECHO_WINDOW_MS, type Decision } from '../../src/status-sync/engine';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import { setup, type Harness } from '../support/engine-harness';
import { fcOptions } from '../support/fc-runs';
import { AVAILABLE, AWAY, BUSY, OFFLINE } from '../support/status-fixtures';

type Step =
  | { kind: 'omni'; statusId: string }
  | { kind: 'partner'; status: PartnerStatus }
  | { kind: 'drop' }
  | { kind: 'reconnect' };

/** Omni statuses and partner codes that map both ways under the example map. */
const OMNI = [AVAILABLE, AWAY, BUSY, OFFLINE] as const;
const PARTNER: readonly PartnerStatus[] = ['AVAILABLE', 'BREAK', 'MEETING', 'OFFLINE'];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...OMNI).map((statusId): Step => ({ kind: 'omni', statusId })),
  fc.constantFrom(...PARTNER).map((status): Step => ({ kind: 'partner', status })),
  fc.constant<Step>({ kind: 'drop' }),
  fc.constant<Step>({ kind: 'reconnect' }),
);

/** The partner's server and Salesforce, around one engine; the bridge's order on reconnect. */
class World {
  readonly h: Harness = setup();
  connected = true;
  /** The partner's status on its server. */
  server: PartnerStatus = 'AVAILABLE';
  /** Salesforce's status. */
  omni: string = AVAILABLE;
  /** Partner changes made while away, with their partner time, delivered on reconnect. */
  missed: { status: PartnerStatus; at: number }[] = [];
  /** The latest intent by partner time: which side, and what. */
  latest: { side: 'omni'; statusId: string } | { side: 'partner'; status: PartnerStatus } = { side: 'omni', statusId: AVAILABLE };
  heldApplied = 0;
  reconnects = 0;

  constructor() {
    this.run(this.h.engine.omniChanged(AVAILABLE, false));
  }

  step(s: Step): void {
    // Past the echo window: Salesforce's answer to our own publish is not part of this model.
    this.h.advance(ECHO_WINDOW_MS + 1);
    switch (s.kind) {
      case 'omni':
        this.omni = s.statusId;
        this.latest = { side: 'omni', statusId: s.statusId };
        expect(this.run(this.h.engine.omniChanged(s.statusId, false)).success).toBe(true);
        return;
      case 'partner':
        this.server = s.status;
        this.latest = { side: 'partner', status: s.status };
        if (this.connected) this.run(this.h.engine.partnerChanged(s.status, this.h.now()));
        else this.missed.push({ status: s.status, at: this.h.now() });
        return;
      case 'drop':
        this.connected = false;
        this.run(this.h.engine.connectionChanged(false));
        return;
      case 'reconnect':
        this.reconnect();
    }
  }

  /** As the bridge: the missed events first (the partner's replay), then the engine hears the partner is back. */
  reconnect(): void {
    if (this.connected) return;
    this.connected = true;
    this.reconnects += 1;
    const missed = this.missed;
    this.missed = [];
    for (const e of missed) this.run(this.h.engine.partnerChanged(e.status, e.at));
    this.run(this.h.engine.connectionChanged(true));
  }

  private run(d: Decision): Decision {
    for (const effect of d.effects) {
      if (effect.type === 'setPartnerStatus') {
        expect(this.connected).toBe(true); // nothing goes to a partner that is away
        this.server = effect.status;
        this.h.engine.partnerApplied(effect.status);
      } else if (effect.type === 'publishStatus') {
        this.omni = effect.statusId;
      }
    }
    this.heldApplied += d.entries.filter((e) => e.reason.includes('held change applied')).length;
    return d;
  }
}

describe('the disconnection rule over random sequences', () => {
  it('ends with both sides on the latest intent, nothing sent while away, no held change applied twice', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const world = new World();
        for (const s of steps) world.step(s);
        world.reconnect();
        expect(world.h.engine.view().pending).toBeNull();
        expect(world.heldApplied).toBeLessThanOrEqual(world.reconnects);
        const expected = world.latest.side === 'omni'
          ? { omni: world.latest.statusId }
          : { server: world.latest.status };
        expect(world).toMatchObject(expected);
        // Agreement under the example map (each of these statuses maps both ways).
        const pairs: Record<string, PartnerStatus> = { [AVAILABLE]: 'AVAILABLE', [AWAY]: 'BREAK', [BUSY]: 'MEETING', [OFFLINE]: 'OFFLINE' };
        expect({ omni: world.omni, server: world.server }).toEqual({ omni: world.omni, server: pairs[world.omni] });
      }),
      fcOptions(300, 'FC_RUNS'),
    );
  });
});
