/**
 * The two-way agent status sync rules (CONTRACT §5), as a pure state machine.
 *
 * @remarks
 * No DOM, no timers, no storage of its own: time comes from an injected `now()`, and
 * persistence is the caller's business ({@link StatusSyncEngine.toJSON} /
 * {@link StatusSyncEngine.restore}). Each input returns a {@link Decision}: the effects
 * the shell must carry out, in order, and the sync-log entries that say why.
 *
 * ```
 *   Omni ── omniChanged ─────┐                     ┌──▶ setPartnerStatus / endWrapUp
 *   partner ── partnerChanged ┼─▶ StatusSyncEngine ─┤
 *   partner ── callStateChanged┘   (guard, pending, └──▶ publishStatus (SET_AGENT_STATUS)
 *                                   echo, log)
 * ```
 *
 * The call-state guard is up in every call state but `idle` (ringing included). While
 * it is up a partner change is not published: with `onCallPolicy` `ignore` it is dropped
 * and the partner is set back to match Salesforce; with `defer` the latest one waits in
 * `pending` and is published when the guard lifts. An Omni change with
 * `enqueueNextState` waits in `pending` the same way. There is one pending slot: the
 * latest intent wins, and on a tie (same millisecond) Salesforce wins.
 */
import type { CallState } from '../vocabulary/call-state';
import { isNumberIn, isRecord } from '../vocabulary/guards';
import { isPartnerStatus, isRoutable, type PartnerStatus } from '../vocabulary/partner-status';
import { isSyncDirection, isSyncOutcome, type PendingChange, type SyncDirection, type SyncLogEntry, type SyncOutcome } from '../vocabulary/sync-log';
import type { MappingTable, PartnerTarget } from './mapping-table';
import { OFFLINE_STATUS_ID, type OnCallPolicy, type SyncView } from './types';

/** How many sync-log entries are kept (oldest dropped first). */
export const SYNC_LOG_LIMIT = 50;

/** How long a published status waits for Salesforce's echo before it counts as a new change. */
export const ECHO_WINDOW_MS = 10_000;

/** How many published statuses may await their echo at once. */
export const ECHO_QUEUE_LIMIT = 8;

/** Something the shell must do. */
export type SyncEffect =
  | { readonly type: 'setPartnerStatus'; readonly status: PartnerStatus }
  | { readonly type: 'publishStatus'; readonly statusId: string }
  | { readonly type: 'endWrapUp' };

/** The result of one input. */
export interface Decision {
  /** To carry out in order. */
  readonly effects: readonly SyncEffect[];
  /** New sync-log entries, oldest first (also already in the engine's log). */
  readonly entries: readonly SyncLogEntry[];
  /** For an Omni change: whether Salesforce should be told it succeeded. */
  readonly success: boolean;
}

/** What the engine persists across a reload (see {@link StatusSyncEngine.restore}). */
interface EngineState {
  readonly salesforceStatusId: string | null;
  readonly pending: PendingChange | null;
  readonly salesforceNext: string | null;
  readonly awaitingEcho: readonly { readonly statusId: string; readonly at: number }[];
  readonly syncLog: readonly SyncLogEntry[];
}

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
  /** The partner's status and call state when the engine starts. */
  readonly partnerStatus: PartnerStatus;
  readonly callState: CallState;
}

/** The sync rules; one instance per configured connector. */
export class StatusSyncEngine {
  private readonly table: MappingTable;
  private readonly policy: OnCallPolicy;
  private readonly now: () => number;
  private readonly elapsed: () => number;

  private partnerStatus: PartnerStatus;
  private callState: CallState;
  private salesforceStatusId: string | null = null;
  private pending: PendingChange | null = null;
  /**
   * The enqueued statusId Omni itself switches to when the agent's work ends. Kept apart
   * from `pending` because a later partner change may win the pending slot, and then
   * has to be published over it.
   */
  private salesforceNext: string | null = null;
  private awaitingEcho: { statusId: string; at: number }[] = [];
  /**
   * When (monotonic) Omni last changed the status while the guard was up: a partner
   * change at that same moment loses the tie. Cleared when the guard lifts, since
   * nothing competes then.
   */
  private lastSalesforceIntentAt: number | null = null;
  /** Salesforce logged the agent out: nothing is published until the next setup (a new engine). */
  private loggedOutBySalesforce = false;
  private log: SyncLogEntry[] = [];

  // Per-decision scratch, reset by begin().
  // Stryker disable next-line ArrayDeclaration: equivalent, begin() resets both before any use
  private effects: SyncEffect[] = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, as above
  private entries: SyncLogEntry[] = [];

  constructor(options: EngineOptions) {
    this.table = options.table;
    this.policy = options.policy;
    this.now = options.now;
    this.elapsed = options.elapsed ?? options.now;
    this.partnerStatus = options.partnerStatus;
    this.callState = options.callState;
  }

  /** True while the call-state guard is up (any call state but `idle`). */
  get guardUp(): boolean {
    return this.callState !== 'idle';
  }

  /** The state for the simulator's `STATE` message. */
  view(): SyncView {
    return { salesforceStatusId: this.salesforceStatusId, pending: this.pending, syncLog: this.log };
  }

  /** The partner status the engine believes in. */
  get partner(): PartnerStatus {
    return this.partnerStatus;
  }

  /**
   * Omni-Channel changed the agent's presence (`setAgentStatus`).
   *
   * @param statusId - Salesforce statusId from `statusInfo`
   * @param enqueueNextState - Omni asks to apply it only after the current work ends
   */
  omniChanged(statusId: string, enqueueNextState: boolean): Decision {
    this.begin();
    const from = this.salesforceStatusId;
    const target = this.table.toPartner(statusId);
    if (!target) {
      this.record('toPartner', from, statusId, 'invalid', `unknown statusId ${statusId} (not in userPresenceStatuses)`);
      return this.end(false);
    }
    const now = this.now();
    if (this.consumeEcho(statusId, now)) {
      this.record('toPartner', from, statusId, 'echo', `Salesforce echoed our change; partner stays ${this.partnerStatus}`);
      return this.end(true);
    }
    // Salesforce answers in order: a change that is not our echo means it has moved past
    // whatever we published, so an old expectation must not swallow a later real change.
    this.awaitingEcho = [];
    // Only an Omni change made while the guard is up competes with partner changes for
    // the pending slot, so only such a change can tie with one.
    if (this.guardUp) this.lastSalesforceIntentAt = this.elapsed();
    if (this.guardUp && enqueueNextState) {
      this.supersedePending(`newer Omni ${statusId}`);
      this.pending = { direction: 'toPartner', status: target.status, statusId };
      this.salesforceNext = statusId;
      this.record('toPartner', from, statusId, 'deferred', `agent ${this.callState}: enqueued, partner goes ${target.status} ${describeVia(target)} after the call`);
      return this.end(true);
    }
    this.supersedePending(`newer Omni ${statusId}`);
    this.salesforceStatusId = statusId;
    this.salesforceNext = null;
    const endsWrapUp = this.callState === 'wrapup';
    const whatHappens = this.partnerStatus === target.status
      ? `partner already ${target.status} ${describeVia(target)}`
      : `partner set to ${target.status} ${describeVia(target)}`;
    this.setPartner(target.status);
    this.record('toPartner', from, statusId, 'applied', endsWrapUp ? `${whatHappens}; ends wrap-up` : whatHappens);
    if (endsWrapUp) this.effects.push({ type: 'endWrapUp' });
    return this.end(true);
  }

  /**
   * Records an Omni change that could not even be read (no statusId, wrong types):
   * outcome `invalid`, nothing else changes (a pending change stays pending).
   */
  omniRejected(to: string, reason: string): Decision {
    this.begin();
    this.record('toPartner', this.salesforceStatusId, to, 'invalid', reason);
    return this.end(false);
  }

  /** The partner system changed the agent's status on its own (supervisor, schedule). */
  partnerChanged(status: PartnerStatus): Decision {
    this.begin();
    const from = this.partnerStatus;
    this.partnerStatus = status;
    const now = this.now();
    const statusId = this.table.toSalesforce(status);
    // A tie only matters while the guard is up (the one pending slot); when idle both
    // changes apply at once, in the order they arrive.
    if (this.guardUp && this.lastSalesforceIntentAt !== null && this.elapsed() <= this.lastSalesforceIntentAt) {
      this.record('toSalesforce', from, status, 'superseded', `tie with a Salesforce change; Salesforce wins${this.restoreNote()}`);
      this.restorePartnerToSalesforce();
      // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
      return this.end(true);
    }
    if (this.guardUp) {
      if (this.policy === 'ignore') {
        this.record('toSalesforce', from, status, 'ignored', `agent ${this.callState}; onCallPolicy ignore${this.restoreNote()}`);
        this.restorePartnerToSalesforce();
        // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
        return this.end(true);
      }
      this.supersedePending(`newer partner ${status}`);
      this.pending = statusId === undefined ? { direction: 'toSalesforce', status } : { direction: 'toSalesforce', status, statusId };
      this.record('toSalesforce', from, status, 'deferred', `agent ${this.callState}; onCallPolicy defer: published after the call`);
      // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
      return this.end(true);
    }
    this.publishPartner(from, status, statusId, now, '');
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.end(true);
  }

  /**
   * Salesforce logged the agent out (`LOGOUT`): whatever was pending is dropped, so the
   * call ending with the logout cannot bring the agent back online, and no partner change
   * is published from now on (CONTRACT §7.7; a new setup builds a new engine).
   */
  loggedOut(): Decision {
    this.begin();
    this.supersedePending('logout');
    this.salesforceNext = null;
    this.lastSalesforceIntentAt = null;
    this.salesforceStatusId = OFFLINE_STATUS_ID;
    this.loggedOutBySalesforce = true;
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.end(true);
  }

  /** The partner applied a change the connector asked for (no decision, just the belief). */
  partnerApplied(status: PartnerStatus): void {
    this.partnerStatus = status;
  }

  /** The agent's call state changed; the guard lifts on the way back to `idle`. */
  callStateChanged(state: CallState): Decision {
    this.begin();
    const previous = this.callState;
    this.callState = state;
    if (previous !== 'idle' && state === 'idle') this.liftGuard(`call ended (${previous} → idle)`);
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.end(true);
  }

  /**
   * Brings a restored engine in line with the partner as it is now: a guard that lifted
   * while the page was away releases its pending change.
   */
  resume(): Decision {
    this.begin();
    if (!this.guardUp && this.pending) this.liftGuard('idle after reload');
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.end(true);
  }

  /** Serialisable state for persistence. */
  toJSON(): EngineState {
    return {
      salesforceStatusId: this.salesforceStatusId,
      pending: this.pending,
      salesforceNext: this.salesforceNext,
      awaitingEcho: this.awaitingEcho,
      syncLog: this.log,
    };
  }

  /**
   * Restores persisted state; anything malformed is dropped field by field (never
   * throws). A pending Omni change is re-mapped through the current table.
   *
   * @returns the names of fields that were dropped
   */
  restore(data: unknown): string[] {
    const dropped: string[] = [];
    if (!isRecord(data)) return ['state'];
    const sfId = data['salesforceStatusId'];
    if (sfId === null || (typeof sfId === 'string' && this.table.presence(sfId))) this.salesforceStatusId = sfId;
    else if (sfId !== undefined) dropped.push('salesforceStatusId');
    const pending = this.restorePending(data['pending']);
    if (pending === undefined) dropped.push('pending');
    else this.pending = pending;
    const next = data['salesforceNext'];
    if (next === null || (typeof next === 'string' && this.table.presence(next))) this.salesforceNext = next;
    else if (next !== undefined) dropped.push('salesforceNext');
    const echoes = data['awaitingEcho'];
    if (Array.isArray(echoes)) {
      this.awaitingEcho = echoes
        .filter((e): e is { statusId: string; at: number } => isRecord(e) && typeof e['statusId'] === 'string' && isTime(e['at']))
        .slice(-ECHO_QUEUE_LIMIT)
        .map((e) => ({ statusId: e.statusId, at: e.at }));
    } else if (echoes !== undefined) dropped.push('awaitingEcho');
    // `lastSalesforceIntentAt` of older versions is wall-clock time from another page load: not comparable, ignored.
    const log = data['syncLog'];
    if (Array.isArray(log)) this.log = log.filter(isLogEntry).slice(-SYNC_LOG_LIMIT);
    else if (log !== undefined) dropped.push('syncLog');
    return dropped;
  }

  // ---- rules -------------------------------------------------------------------------

  private liftGuard(why: string): void {
    this.lastSalesforceIntentAt = null;
    const salesforceBefore = this.salesforceStatusId;
    if (this.salesforceNext !== null) {
      this.salesforceStatusId = this.salesforceNext;
      this.salesforceNext = null;
    }
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    if (pending.direction === 'toPartner') {
      this.salesforceStatusId = pending.statusId ?? this.salesforceStatusId;
      this.setPartner(pending.status);
      this.record('toPartner', salesforceBefore, pending.statusId ?? pending.status, 'applied', `${why}: pending change applied, partner ${pending.status}`);
      return;
    }
    if (pending.status !== this.partnerStatus) {
      // The partner moved on after the deferred change; only its latest status counts.
      this.record('toSalesforce', pending.status, this.partnerStatus, 'superseded', `${why}: partner moved on to ${this.partnerStatus}`);
    }
    const status = this.partnerStatus;
    this.publishPartner(pending.status, status, this.table.toSalesforce(status), this.now(), `${why}: `);
  }

  private publishPartner(from: PartnerStatus, status: PartnerStatus, statusId: string | undefined, now: number, prefix: string): void {
    if (this.loggedOutBySalesforce) {
      // CONTRACT §7.7: a logged-out agent's status is not Salesforce's business until it sets the connector up again.
      this.record('toSalesforce', from, status, 'ignored', `${prefix}agent logged out (LOGOUT); not published until the next setup`);
      return;
    }
    if (statusId === undefined) {
      // Rule 6 outranks rule 7: an unmapped status may not make the agent routable while
      // Salesforce's status has no channels.
      const sfId = this.salesforceStatusId;
      // Stryker disable next-line OptionalChaining: equivalent, salesforceStatusId is always a statusId of the table
      const breaksRouting = sfId !== null && isRoutable(status) && !this.table.presence(sfId)?.hasChannels;
      this.record('toSalesforce', from, status, 'unmapped', `${prefix}no Salesforce status for ${status}; not published${breaksRouting ? this.restoreNote() : ''}`);
      if (breaksRouting) this.restorePartnerToSalesforce();
      return;
    }
    if (this.agreesWithSalesforce(status)) {
      this.record('toSalesforce', from, status, 'ignored', `${prefix}Salesforce ${this.salesforceStatusId ?? ''} already matches ${status}`);
      return;
    }
    this.salesforceStatusId = statusId;
    this.awaitingEcho.push({ statusId, at: now });
    if (this.awaitingEcho.length > ECHO_QUEUE_LIMIT) this.awaitingEcho.shift();
    this.effects.push({ type: 'publishStatus', statusId });
    this.record('toSalesforce', from, status, 'applied', `${prefix}published SET_AGENT_STATUS ${statusId}`);
  }

  /** Both sides agree under the table, read either way (one-way entries make it asymmetric). */
  private agreesWithSalesforce(status: PartnerStatus): boolean {
    const sfId = this.salesforceStatusId;
    if (sfId === null) return false;
    // Stryker disable next-line OptionalChaining: equivalent, as in publishPartner
    return this.table.toPartner(sfId)?.status === status || this.table.toSalesforce(status) === sfId;
  }

  private restorePartnerToSalesforce(): void {
    const target = this.salesforceStatusId === null ? undefined : this.table.toPartner(this.salesforceStatusId);
    if (target) this.setPartner(target.status);
  }

  private restoreNote(): string {
    const target = this.salesforceStatusId === null ? undefined : this.table.toPartner(this.salesforceStatusId);
    if (!target) return '; Salesforce status not known yet, partner left as is';
    return target.status === this.partnerStatus ? '' : `; partner set back to ${target.status} to match Salesforce`;
  }

  private setPartner(status: PartnerStatus): void {
    if (status === this.partnerStatus) return;
    this.partnerStatus = status;
    this.effects.push({ type: 'setPartnerStatus', status });
  }

  private supersedePending(by: string): void {
    const old = this.pending;
    if (!old) return;
    this.pending = null;
    // The side's own vocabulary (CONTRACT §9): a statusId toward the partner, a code toward Salesforce.
    this.record(old.direction, null, old.direction === 'toSalesforce' ? old.status : old.statusId ?? old.status, 'superseded', `replaced by ${by}`);
  }

  private consumeEcho(statusId: string, now: number): boolean {
    this.awaitingEcho = this.awaitingEcho.filter((e) => now - e.at <= ECHO_WINDOW_MS && e.at <= now);
    const index = this.awaitingEcho.findIndex((e) => e.statusId === statusId);
    if (index < 0) return false;
    // Older expectations are answered implicitly: Salesforce echoes in order.
    this.awaitingEcho.splice(0, index + 1);
    return true;
  }

  private restorePending(raw: unknown): PendingChange | null | undefined {
    if (raw === null || raw === undefined) return null;
    if (!isRecord(raw) || !isSyncDirection(raw['direction'])) return undefined;
    const statusId = raw['statusId'];
    if (raw['direction'] === 'toPartner') {
      if (typeof statusId !== 'string') return undefined;
      const target = this.table.toPartner(statusId);
      return target ? { direction: 'toPartner', status: target.status, statusId } : undefined;
    }
    if (!isPartnerStatus(raw['status'])) return undefined;
    const mapped = this.table.toSalesforce(raw['status']);
    return mapped === undefined
      ? { direction: 'toSalesforce', status: raw['status'] }
      : { direction: 'toSalesforce', status: raw['status'], statusId: mapped };
  }

  // ---- decision bookkeeping -----------------------------------------------------------

  private begin(): void {
    this.effects = [];
    this.entries = [];
  }

  private end(success: boolean): Decision {
    return { effects: this.effects, entries: this.entries, success };
  }

  private record(direction: SyncDirection, from: string | null, to: string, outcome: SyncOutcome, reason: string): void {
    const entry: SyncLogEntry = { at: this.now(), direction, from, to, outcome, reason };
    this.entries.push(entry);
    this.log.push(entry);
    if (this.log.length > SYNC_LOG_LIMIT) this.log.splice(0, this.log.length - SYNC_LOG_LIMIT);
  }
}

const VIA_NOTES: Readonly<Record<Exclude<PartnerTarget['via'], 'fallback'>, string>> = {
  map: '(statusMap)',
  name: '(matched by name)',
  offline: '(offline)',
};

/** Which mapping rule chose the partner status, for sync-log reasons. */
function describeVia({ via, status }: PartnerTarget): string {
  return via === 'fallback' ? `(unmapped ${status === 'AVAILABLE' ? '' : 'non-'}routable status falls back to ${status})` : VIA_NOTES[via];
}

function isTime(value: unknown): value is number {
  return isNumberIn(value, -Infinity);
}

function isLogEntry(value: unknown): value is SyncLogEntry {
  return (
    isRecord(value) &&
    isTime(value['at']) &&
    isSyncDirection(value['direction']) &&
    (value['from'] === null || typeof value['from'] === 'string') &&
    typeof value['to'] === 'string' &&
    typeof value['reason'] === 'string' &&
    isSyncOutcome(value['outcome'])
  );
}
