/**
 * Property-based tests of the sync rules: random interleavings of partner changes, Omni
 * changes (with and without enqueue), call events, wrap-ups, echoes, time and reloads,
 * against a small model of both sides. fast-check prints the seed and the shrunk
 * counter-example on failure; re-run with `FC_SEED=<seed>` (`FC_RUNS` or `FC_RUNS_SCALE`
 * change the run count, test/support/fc-runs.ts).
 */
import fc from 'fast-check';
import type { CallState } from '../../src/vocabulary/call-state';
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import { isRoutable, PARTNER_STATUSES } from '../../src/vocabulary/partner-status';
import type { Decision } from '../../src/status-sync/engine';
import { ECHO_WINDOW_MS, StatusSyncEngine, SYNC_LOG_LIMIT } from '../../src/status-sync/engine';
import type { MappingTable } from '../../src/status-sync/mapping-table';
import type { OnCallPolicy } from '../../src/status-sync/types';
import { fcOptions } from '../support/fc-runs';
import { AVAILABLE, AVAILABLE_2, AWAY, BUSY, OFFLINE, TRAINING, exampleTable } from '../support/status-fixtures';

type Command =
  | { kind: 'omni'; statusId: string; enqueue: boolean }
  | { kind: 'partner'; status: PartnerStatus }
  | { kind: 'ring' | 'answer' | 'decline' | 'hold' | 'resume' | 'hangup' | 'wrapUp' | 'echo' | 'reload' }
  | { kind: 'advance'; ms: number };

const STATUS_IDS = [OFFLINE, AVAILABLE, AWAY, BUSY, TRAINING, AVAILABLE_2];

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('omni' as const), statusId: fc.constantFrom(...STATUS_IDS, 'bogus-id'), enqueue: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('partner' as const), status: fc.constantFrom(...PARTNER_STATUSES) }) },
  { weight: 6, arbitrary: fc.constantFrom('ring', 'answer', 'decline', 'hold', 'resume', 'hangup', 'wrapUp').map((kind) => ({ kind })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'echo' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 5, 1000, ECHO_WINDOW_MS, ECHO_WINDOW_MS + 1) }) },
);

/** Both sides as the outside world sees them, driving the engine like the bridge does. */
class World {
  now = 1_700_000_000_000;
  partner: PartnerStatus = 'AVAILABLE';
  partnerSetBy: 'partner' | 'connector' = 'connector';
  call: CallState = 'idle';
  sf: string = AVAILABLE;
  sfEnqueued: string | null = null;
  echoes: string[] = [];
  unpublishedPartnerChange = false;
  engine: StatusSyncEngine;

  constructor(
    private readonly table: MappingTable,
    private readonly policy: OnCallPolicy,
  ) {
    this.engine = this.newEngine();
    this.run(this.engine.omniChanged(AVAILABLE, false));
  }

  private newEngine(): StatusSyncEngine {
    return new StatusSyncEngine({ table: this.table, policy: this.policy, now: () => this.now, partnerStatus: this.partner, callState: this.call });
  }

  step(c: Command): void {
    switch (c.kind) {
      case 'omni': {
        // Salesforce echoes our changes promptly, before its user can act again; the
        // partner, though, may change again while an echo is in flight.
        this.flushEchoes();
        const known = this.table.presence(c.statusId) !== undefined;
        if (known) {
          if (this.call !== 'idle' && c.enqueue) this.sfEnqueued = c.statusId;
          else {
            this.sf = c.statusId;
            this.sfEnqueued = null;
          }
        }
        const d = this.engine.omniChanged(c.statusId, c.enqueue);
        expect(d.success).toBe(known);
        this.run(d);
        return;
      }
      case 'partner':
        this.partner = c.status;
        this.partnerSetBy = 'partner';
        this.unpublishedPartnerChange = true;
        this.run(this.engine.partnerChanged(c.status));
        return;
      case 'echo': {
        const statusId = this.echoes.shift();
        if (statusId === undefined) return;
        const d = this.engine.omniChanged(statusId, false);
        // Nothing loops: Salesforce answering our own change changes nothing.
        expect(d.entries.map((e) => e.outcome)).toEqual(['echo']);
        expect(d.effects).toEqual([]);
        return;
      }
      case 'advance':
        this.flushEchoes();
        this.now += c.ms;
        return;
      case 'reload': {
        const saved: unknown = JSON.parse(JSON.stringify(this.engine.toJSON()));
        this.engine = this.newEngine();
        expect(this.engine.restore(saved)).toEqual([]);
        this.run(this.engine.resume());
        return;
      }
      default:
        this.callEvent(c.kind);
    }
  }

  private callEvent(kind: 'ring' | 'answer' | 'decline' | 'hold' | 'resume' | 'hangup' | 'wrapUp'): void {
    const next: Partial<Record<typeof kind, [CallState, CallState]>> = {
      ring: ['idle', 'ringing'],
      answer: ['ringing', 'connected'],
      decline: ['ringing', 'idle'],
      hold: ['connected', 'held'],
      resume: ['held', 'connected'],
      wrapUp: ['wrapup', 'idle'],
    };
    if (kind === 'hangup') {
      if (this.call === 'connected' || this.call === 'held') this.moveCall('wrapup');
      return;
    }
    const [from, to] = next[kind] ?? ['idle', 'idle'];
    if (this.call === from) this.moveCall(to);
  }

  private flushEchoes(): void {
    while (this.echoes.length > 0) this.step({ kind: 'echo' });
  }

  moveCall(to: CallState): void {
    this.call = to;
    if (to === 'idle' && this.sfEnqueued !== null) {
      // Omni's enqueued status becomes its status once the work is over.
      this.sf = this.sfEnqueued;
      this.sfEnqueued = null;
    }
    this.run(this.engine.callStateChanged(to));
  }

  private run(d: Decision): void {
    for (const effect of d.effects) {
      switch (effect.type) {
        case 'setPartnerStatus':
          this.partner = effect.status;
          this.partnerSetBy = 'connector';
          this.engine.partnerApplied(effect.status);
          break;
        case 'publishStatus':
          // Nothing is published while the guard is up, and no change is published twice.
          expect(this.call).toBe('idle');
          expect(this.unpublishedPartnerChange).toBe(true);
          this.unpublishedPartnerChange = false;
          this.sf = effect.statusId;
          this.sfEnqueued = null;
          this.echoes.push(effect.statusId);
          break;
        case 'endWrapUp':
          expect(this.call).toBe('wrapup');
          this.moveCall('idle');
          break;
      }
    }
    expect(this.engine.view().syncLog.length).toBeLessThanOrEqual(SYNC_LOG_LIMIT);
  }

  /** After quiescence both sides agree under the mapping table, and routability follows Salesforce. */
  checkQuiescent(): void {
    while (this.call !== 'idle') {
      if (this.call === 'ringing') this.moveCall('idle');
      else if (this.call === 'wrapup') this.moveCall('idle');
      else this.moveCall('wrapup');
    }
    this.flushEchoes();
    expect(this.engine.view().pending).toBeNull();
    const partnerChoseUnmapped = this.partnerSetBy === 'partner' && this.table.toSalesforce(this.partner) === undefined;
    // Rule 6 holds even then: the partner routes only while Salesforce's status has channels.
    if (isRoutable(this.partner)) expect(this.table.presence(this.sf)?.hasChannels).toBe(true);
    if (partnerChoseUnmapped) return; // rule 7: deliberately not published, sides may differ
    // Agreement under the table, read either way (one-way entries make it asymmetric).
    const agree = this.table.toPartner(this.sf)?.status === this.partner || this.table.toSalesforce(this.partner) === this.sf;
    expect({ agree, sf: this.sf, partner: this.partner }).toEqual({ agree: true, sf: this.sf, partner: this.partner });
    expect(isRoutable(this.partner)).toBe(this.table.presence(this.sf)?.hasChannels);
  }
}

const MAPS = [
  'Available=AVAILABLE; Away=BREAK; Busy=MEETING',
  'Away=BREAK; Busy=MEETING',
  'Available=AVAILABLE; Away=BREAK; Busy=BREAK; Training<TRAINING; Offline=OFFLINE',
  'Available>AVAILABLE; Away<BREAK; Away=LUNCH; Busy=MEETING',
];

describe('status-sync invariants over random interleavings', () => {
  it('hold for 1,000+ sequences under both policies and several mapping tables', () => {
    const tables = MAPS.map((m) => exampleTable(m));
    fc.assert(
      fc.property(
        fc.constantFrom(...tables),
        fc.constantFrom<OnCallPolicy>('ignore', 'defer'),
        fc.array(commandArb, { maxLength: 60 }),
        (table, policy, commands) => {
          const world = new World(table, policy);
          for (const c of commands) {
            world.step(c);
            world.now += 1;
          }
          world.checkQuiescent();
        },
      ),
      fcOptions(1500, 'FC_RUNS'),
    );
  });
});
