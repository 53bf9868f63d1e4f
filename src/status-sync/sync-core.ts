/**
 * What the sync rules believe about both sides, and the primitive moves every rule is
 * made of (set the partner, publish to Salesforce, supersede the pending change).
 *
 * @remarks
 * The base of {@link StatusSyncEngine} (`./engine.ts`), which holds the rules themselves.
 * Pure like it: time is injected, persistence is {@link SyncCore.toJSON} /
 * {@link SyncCore.restore}.
 */
import type { CallState } from '../vocabulary/call-state';
import type { PartnerStatus } from '../vocabulary/partner-status';
import type { PendingChange } from '../vocabulary/sync-log';
import { DecisionRecorder } from './decision';
import { EchoExpectations } from './echo';
import { readEngineState, type EngineState, type HeldChange } from './engine-state';
import type { MappingTable } from './mapping-table';
import type { OnCallPolicy, SyncView } from './types';

/** Injected dependencies. */
export interface EngineOptions {
  readonly table: MappingTable;
  readonly policy: OnCallPolicy;
  readonly now: () => number;
  /**
   * Monotonic milliseconds (never steps back) for ordering competing intents; default
   * `now`. Not persisted: it is only compared within one page load (CONTRACT §7.5).
   */
  readonly elapsed?: () => number;
  /**
   * The partner's clock now, comparable with its events' `at` (CONTRACT §8: "newer by
   * the server's clock"); default `now`.
   */
  readonly partnerNow?: () => number;
  /** Whether the partner is connected when the engine starts; default true. */
  readonly connected?: boolean;
  /** The partner's status and call state when the engine starts. */
  readonly partnerStatus: PartnerStatus;
  readonly callState: CallState;
}

/** The sync state and its primitive moves; the rules are in {@link StatusSyncEngine}. */
export abstract class SyncCore {
  protected readonly table: MappingTable;
  protected readonly policy: OnCallPolicy;
  protected readonly now: () => number;
  protected readonly elapsed: () => number;
  protected readonly partnerNow: () => number;

  protected partnerStatus: PartnerStatus;
  protected callState: CallState;
  protected salesforceStatusId: string | null = null;
  protected pending: PendingChange | null = null;
  /** Set while `pending` is an Omni change made while the partner was not connected. */
  protected held: HeldChange | null = null;
  /** Whether the partner is connected (CONTRACT §8: Omni changes wait while it is not). */
  protected connected: boolean;
  /**
   * The enqueued statusId Omni itself switches to when the agent's work ends. Kept apart
   * from `pending` because a later partner change may win the pending slot, and then
   * has to be published over it.
   */
  protected salesforceNext: string | null = null;
  protected readonly echoes = new EchoExpectations();
  /**
   * When (monotonic) Omni last changed the status while the guard was up: a partner
   * change at that same moment loses the tie. Cleared when the guard lifts, since
   * nothing competes then.
   */
  protected lastSalesforceIntentAt: number | null = null;
  /** Salesforce logged the agent out: nothing is published until the next setup (a new engine). */
  protected loggedOutBySalesforce = false;
  protected readonly decision: DecisionRecorder;

  constructor(options: EngineOptions) {
    this.table = options.table;
    this.policy = options.policy;
    this.now = options.now;
    this.elapsed = options.elapsed ?? options.now;
    this.partnerNow = options.partnerNow ?? options.now;
    this.connected = options.connected ?? true;
    this.partnerStatus = options.partnerStatus;
    this.callState = options.callState;
    this.decision = new DecisionRecorder(this.now);
  }

  /** True while the call-state guard is up (any call state but `idle`). */
  get guardUp(): boolean {
    return this.callState !== 'idle';
  }

  /** The state for the simulator's `STATE` message. */
  view(): SyncView {
    return { salesforceStatusId: this.salesforceStatusId, pending: this.pending, syncLog: this.decision.syncLog };
  }

  /** The partner status the engine believes in. */
  get partner(): PartnerStatus {
    return this.partnerStatus;
  }

  /** Serialisable state for persistence. */
  toJSON(): EngineState {
    return {
      salesforceStatusId: this.salesforceStatusId,
      pending: this.pending,
      salesforceNext: this.salesforceNext,
      held: this.held,
      awaitingEcho: this.echoes.toJSON(),
      syncLog: this.decision.syncLog,
    };
  }

  /**
   * Restores persisted state; anything malformed is dropped field by field (never
   * throws). A pending Omni change is re-mapped through the current table.
   *
   * @returns the names of fields that were dropped
   */
  restore(data: unknown): string[] {
    const { state, dropped } = readEngineState(data, this.table);
    if (state.salesforceStatusId !== undefined) this.salesforceStatusId = state.salesforceStatusId;
    if (state.pending !== undefined) this.pending = state.pending;
    if (state.salesforceNext !== undefined) this.salesforceNext = state.salesforceNext;
    this.held = this.pending?.direction === 'toPartner' ? state.held ?? null : null;
    if (state.awaitingEcho) this.echoes.restore(state.awaitingEcho);
    if (state.syncLog) this.decision.restore(state.syncLog);
    return dropped;
  }

  // ---- primitive moves ----------------------------------------------------------------

  protected publishPartner(from: PartnerStatus, status: PartnerStatus, statusId: string | undefined, now: number, prefix: string): void {
    if (this.loggedOutBySalesforce) {
      // CONTRACT §7.7: a logged-out agent's status is not Salesforce's business until it sets the connector up again.
      this.decision.record('toSalesforce', from, status, 'ignored', `${prefix}agent logged out (LOGOUT); not published until the next setup`);
      return;
    }
    if (statusId === undefined) {
      // Rule 6 outranks rule 7: an unmapped status may not make the agent routable while
      // Salesforce's status has no channels.
      const sfId = this.salesforceStatusId;
      // Stryker disable next-line OptionalChaining: equivalent, salesforceStatusId is always a statusId of the table
      const breaksRouting = sfId !== null && this.table.catalogue.isRoutable(status) && !this.table.presence(sfId)?.hasChannels;
      this.decision.record('toSalesforce', from, status, 'unmapped', `${prefix}no Salesforce status for ${status}; not published${breaksRouting ? this.restoreNote() : ''}`);
      if (breaksRouting) this.restorePartnerToSalesforce();
      return;
    }
    if (this.agreesWithSalesforce(status)) {
      this.decision.record('toSalesforce', from, status, 'ignored', `${prefix}Salesforce ${this.salesforceStatusId ?? ''} already matches ${status}`);
      return;
    }
    this.salesforceStatusId = statusId;
    this.echoes.expect(statusId, now);
    this.decision.effect({ type: 'publishStatus', statusId });
    this.decision.record('toSalesforce', from, status, 'applied', `${prefix}published SET_AGENT_STATUS ${statusId}`);
  }

  /** Both sides agree under the table, read either way (one-way entries make it asymmetric). */
  protected agreesWithSalesforce(status: PartnerStatus): boolean {
    const sfId = this.salesforceStatusId;
    if (sfId === null) return false;
    // Stryker disable next-line OptionalChaining: equivalent, as in publishPartner
    return this.table.toPartner(sfId)?.status === status || this.table.toSalesforce(status) === sfId;
  }

  protected restorePartnerToSalesforce(): void {
    const target = this.salesforceStatusId === null ? undefined : this.table.toPartner(this.salesforceStatusId);
    if (target) this.setPartner(target.status);
  }

  protected restoreNote(): string {
    const target = this.salesforceStatusId === null ? undefined : this.table.toPartner(this.salesforceStatusId);
    if (!target) return '; Salesforce status not known yet, partner left as is';
    return target.status === this.partnerStatus ? '' : `; partner set back to ${target.status} to match Salesforce`;
  }

  protected setPartner(status: PartnerStatus): void {
    if (status === this.partnerStatus) return;
    this.partnerStatus = status;
    this.decision.effect({ type: 'setPartnerStatus', status });
  }

  protected supersedePending(by: string): void {
    const old = this.pending;
    if (!old) return;
    this.pending = null;
    this.held = null;
    // The side's own vocabulary (CONTRACT §9): a statusId toward the partner, a code toward Salesforce.
    this.decision.record(old.direction, null, old.direction === 'toSalesforce' ? old.status : old.statusId ?? old.status, 'superseded', `replaced by ${by}`);
  }
}
