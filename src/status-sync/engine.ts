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
 *
 * While the partner is not connected (CONTRACT §8, {@link StatusSyncEngine.connectionChanged})
 * an Omni change is answered success and held in the same slot, stamped with the
 * partner's time; back connected, it is applied. A partner change older than it (by the
 * partner's clock) is stale and not published; a newer one supersedes it and is published.
 */
import type { CallState } from '../vocabulary/call-state';
import type { PartnerStatus } from '../vocabulary/partner-status';
import type { Decision } from './decision';
import { describeVia } from './reasons';
import { SyncCore } from './sync-core';
import { OFFLINE_STATUS_ID } from './types';

export { SYNC_LOG_LIMIT, type Decision, type SyncEffect } from './decision';
export { ECHO_QUEUE_LIMIT, ECHO_WINDOW_MS } from './echo';
export type { EngineOptions } from './sync-core';

/** The sync rules; one instance per configured connector. */
export class StatusSyncEngine extends SyncCore {
  /**
   * Omni-Channel changed the agent's presence (`setAgentStatus`).
   *
   * @param statusId - Salesforce statusId from `statusInfo`
   * @param enqueueNextState - Omni asks to apply it only after the current work ends
   */
  omniChanged(statusId: string, enqueueNextState: boolean): Decision {
    this.decision.begin();
    const from = this.salesforceStatusId;
    const target = this.table.toPartner(statusId);
    if (!target) {
      this.decision.record('toPartner', from, statusId, 'invalid', `unknown statusId ${statusId} (not in userPresenceStatuses)`);
      return this.decision.end(false);
    }
    const now = this.now();
    if (this.echoes.consume(statusId, now)) {
      this.decision.record('toPartner', from, statusId, 'echo', `Salesforce echoed our change; partner stays ${this.partnerStatus}`);
      return this.decision.end(true);
    }
    // Salesforce answers in order: a change that is not our echo means it has moved past
    // whatever we published, so an old expectation must not swallow a later real change.
    this.echoes.clear();
    // Only an Omni change made while the guard is up competes with partner changes for
    // the pending slot, so only such a change can tie with one.
    if (this.guardUp) this.lastSalesforceIntentAt = this.elapsed();
    const enqueued = this.guardUp && enqueueNextState;
    if (enqueued || !this.connected) {
      this.supersedePending(`newer Omni ${statusId}`);
      this.pending = { direction: 'toPartner', status: target.status, statusId };
      this.held = this.connected ? null : { at: this.partnerNow(), enqueued };
      const waits = enqueued ? `agent ${this.callState}: enqueued` : `partner disconnected: held until it reconnects`;
      if (enqueued) this.salesforceNext = statusId;
      else {
        this.salesforceStatusId = statusId;
        this.salesforceNext = null;
      }
      const when = enqueued ? (this.connected ? 'after the call' : 'after the call, once the partner is back') : 'then';
      this.decision.record('toPartner', from, statusId, 'deferred', `${waits}, partner goes ${target.status} ${describeVia(target)} ${when}`);
      return this.decision.end(true);
    }
    this.supersedePending(`newer Omni ${statusId}`);
    this.salesforceStatusId = statusId;
    this.salesforceNext = null;
    const endsWrapUp = this.callState === 'wrapup';
    const whatHappens = this.partnerStatus === target.status
      ? `partner already ${target.status} ${describeVia(target)}`
      : `partner set to ${target.status} ${describeVia(target)}`;
    this.setPartner(target.status);
    this.decision.record('toPartner', from, statusId, 'applied', endsWrapUp ? `${whatHappens}; ends wrap-up` : whatHappens);
    if (endsWrapUp) this.decision.effect({ type: 'endWrapUp' });
    return this.decision.end(true);
  }

  /**
   * Records an Omni change that could not even be read (no statusId, wrong types):
   * outcome `invalid`, nothing else changes (a pending change stays pending).
   */
  omniRejected(to: string, reason: string): Decision {
    this.decision.begin();
    this.decision.record('toPartner', this.salesforceStatusId, to, 'invalid', reason);
    return this.decision.end(false);
  }

  /**
   * The partner system changed the agent's status on its own (supervisor, schedule).
   *
   * @param at - the partner's time of the change (the event's `at`); default its clock now
   */
  partnerChanged(status: PartnerStatus, at: number = this.partnerNow()): Decision {
    this.decision.begin();
    const from = this.partnerStatus;
    this.partnerStatus = status;
    const now = this.now();
    const statusId = this.table.toSalesforce(status);
    const held = this.held;
    if (held !== null && this.pending !== null) {
      // CONTRACT §8, by the partner's clock: an older partner change is stale, a newer one wins.
      if (at < held.at) {
        this.decision.record('toSalesforce', from, status, 'superseded', `older than the Omni change held while the partner was disconnected (partner time); not published`);
        // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
        return this.decision.end(true);
      }
      if (held.enqueued) this.salesforceNext = null;
      this.supersedePending(`newer partner ${status} (made while disconnected, partner time)`);
    }
    // A tie only matters while the guard is up (the one pending slot); when idle both
    // changes apply at once, in the order they arrive.
    if (this.guardUp && this.lastSalesforceIntentAt !== null && this.elapsed() <= this.lastSalesforceIntentAt) {
      this.decision.record('toSalesforce', from, status, 'superseded', `tie with a Salesforce change; Salesforce wins${this.restoreNote()}`);
      this.restorePartnerToSalesforce();
      // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
      return this.decision.end(true);
    }
    if (this.guardUp) {
      if (this.policy === 'ignore') {
        this.decision.record('toSalesforce', from, status, 'ignored', `agent ${this.callState}; onCallPolicy ignore${this.restoreNote()}`);
        this.restorePartnerToSalesforce();
        // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
        return this.decision.end(true);
      }
      this.supersedePending(`newer partner ${status}`);
      this.pending = statusId === undefined ? { direction: 'toSalesforce', status } : { direction: 'toSalesforce', status, statusId };
      this.decision.record('toSalesforce', from, status, 'deferred', `agent ${this.callState}; onCallPolicy defer: published after the call`);
      // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
      return this.decision.end(true);
    }
    this.publishPartner(from, status, statusId, now, '');
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.decision.end(true);
  }

  /**
   * Salesforce logged the agent out (`LOGOUT`): whatever was pending is dropped, so the
   * call ending with the logout cannot bring the agent back online, and no partner change
   * is published from now on (CONTRACT §7.7; a new setup builds a new engine).
   */
  loggedOut(): Decision {
    this.decision.begin();
    this.supersedePending('logout');
    this.salesforceNext = null;
    this.lastSalesforceIntentAt = null;
    this.salesforceStatusId = OFFLINE_STATUS_ID;
    this.loggedOutBySalesforce = true;
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.decision.end(true);
  }

  /** The partner applied a change the connector asked for (no decision, just the belief). */
  partnerApplied(status: PartnerStatus): void {
    this.partnerStatus = status;
  }

  /** The agent's call state changed; the guard lifts on the way back to `idle`. */
  callStateChanged(state: CallState): Decision {
    this.decision.begin();
    const previous = this.callState;
    this.callState = state;
    if (previous !== 'idle' && state === 'idle') this.liftGuard(`call ended (${previous} → idle)`);
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.decision.end(true);
  }

  /**
   * The partner's connection went up or down (CONTRACT §8). Back up, an Omni change held
   * meanwhile is applied (an enqueued one still waits for the call to end), unless a
   * newer partner change superseded it already ({@link StatusSyncEngine.partnerChanged}).
   */
  connectionChanged(connected: boolean): Decision {
    this.decision.begin();
    const was = this.connected;
    this.connected = connected;
    if (connected && !was) this.releaseHeld('partner reconnected');
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.decision.end(true);
  }

  /**
   * Brings a restored engine in line with the partner as it is now: a guard that lifted
   * while the page was away releases its pending change, and so does a partner that is
   * connected again.
   */
  resume(): Decision {
    this.decision.begin();
    if (this.connected) this.releaseHeld('partner connected after reload');
    if (!this.guardUp && this.pending) this.liftGuard('idle after reload');
    // Stryker disable next-line BooleanLiteral: equivalent, `success` is read only for Omni changes
    return this.decision.end(true);
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
    // The partner cannot take it now: it waits for the reconnection instead.
    if (pending.direction === 'toPartner' && !this.connected) {
      this.held = { at: this.held?.at ?? this.partnerNow(), enqueued: false };
      return;
    }
    this.pending = null;
    this.held = null;
    if (pending.direction === 'toPartner') {
      this.salesforceStatusId = pending.statusId ?? this.salesforceStatusId;
      this.setPartner(pending.status);
      this.decision.record('toPartner', salesforceBefore, pending.statusId ?? pending.status, 'applied', `${why}: pending change applied, partner ${pending.status}`);
      return;
    }
    if (pending.status !== this.partnerStatus) {
      // The partner moved on after the deferred change; only its latest status counts.
      this.decision.record('toSalesforce', pending.status, this.partnerStatus, 'superseded', `${why}: partner moved on to ${this.partnerStatus}`);
    }
    const status = this.partnerStatus;
    this.publishPartner(pending.status, status, this.table.toSalesforce(status), this.now(), `${why}: `);
  }

  /** Applies an Omni change held while the partner was disconnected, unless it still waits for a call to end. */
  private releaseHeld(why: string): void {
    const { pending, held } = this;
    if (pending?.direction !== 'toPartner' || held === null || (held.enqueued && this.guardUp)) return;
    this.pending = null;
    this.held = null;
    if (held.enqueued && this.salesforceNext !== null) this.salesforceStatusId = this.salesforceNext;
    this.salesforceNext = null;
    const endsWrapUp = !held.enqueued && this.callState === 'wrapup';
    this.setPartner(pending.status);
    this.decision.record('toPartner', null, pending.statusId ?? pending.status, 'applied', `${why}: held change applied, partner ${pending.status}${endsWrapUp ? '; ends wrap-up' : ''}`);
    if (endsWrapUp) this.decision.effect({ type: 'endWrapUp' });
  }
}
