/**
 * Wires the pure {@link StatusSyncEngine} between Salesforce and the partner system.
 *
 * @remarks
 * A thin shell: it reads the configuration (`./status-sync-config.ts`), feeds partner
 * events and Omni changes to the engine, has the engine's effects carried out in order
 * (`./sync-effects.ts`: partner status, wrap-up end, `SET_AGENT_STATUS` to Salesforce),
 * persists the engine after every decision (`./status-sync-store.ts`), and reports each
 * decision through the base library's log. Effects run one decision at a time, in the
 * order decisions were made. A decision's log line and the sync log's write
 * go through `log` and `later`, so the page can post and write them after the answer.
 *
 * @example
 * ```ts
 * const status = new StatusSyncBridge({ partner, clock: realClock, store: openStorage(warn) });
 * const connector = new Connector({ partner, status });
 * ```
 */
import type { Clock, TimerHandle } from '../platform/clock';
import type { KeyValueStore } from '../platform/storage';
import type { ConnectionState, PartnerEvent, PartnerTelephony } from '../partner/partner-telephony';
import { AgentVendorStatusInfo, GenericResult, publishLog } from '../salesforce/scv';
import type { Decision } from '../status-sync/decision';
import { StatusSyncEngine } from '../status-sync/engine';
import type { SyncView } from '../status-sync/types';
import { isRecord, messageOf } from '../vocabulary/guards';
import type { PartnerStatus } from '../vocabulary/partner-status';
import { StatusCatalogue } from '../vocabulary/status-catalogue';
import { ConnectorError } from './errors';
import type { StatusBridge } from './status-bridge';
import { readSyncConfig } from './status-sync-config';
import { storageKeyFor, SyncStore } from './status-sync-store';
import { EffectQueue, type SyncLogSink } from './sync-effects';

export { PERSISTED_VERSION, storageKeyFor } from './status-sync-store';

const EMPTY_VIEW: SyncView = { salesforceStatusId: null, pending: null, syncLog: [] };

/** Dependencies of {@link StatusSyncBridge}. */
export interface StatusSyncBridgeOptions {
  readonly partner: PartnerTelephony;
  readonly clock: Clock;
  readonly store: KeyValueStore;
  /** Where each decision's `STATUS_SYNC` line (and an effect's failure) goes; default `publishLog` at once. */
  readonly log?: SyncLogSink;
  /** Runs the sync log's write after the current task; default a 0 ms timer of `clock`. */
  readonly later?: (job: () => void) => void;
}

/** The real {@link StatusBridge}: two-way agent status sync. */
export class StatusSyncBridge implements StatusBridge {
  private readonly partner: PartnerTelephony;
  private readonly clock: Clock;
  private readonly store: KeyValueStore;
  private readonly log: SyncLogSink;
  private readonly later: (job: () => void) => void;
  private engine: StatusSyncEngine | null = null;
  /** The partner's status catalogue, read by `configure`. */
  private catalogue = StatusCatalogue.REFERENCE;
  private saved: SyncStore | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly effects: EffectQueue;
  /** The partner's own latest status change before `configure`, if any. */
  private earlyChange: PartnerStatus | null = null;
  /** The armed timer that publishes `earlyChange` after `CONNECTOR_READY`, if any. */
  private earlyReplay: TimerHandle | null = null;
  /** The `seq` of the last partner event applied (older ones are stale). */
  private lastSeq = 0;
  /** The armed timer that tells the engine the partner is back (see {@link StatusSyncBridge.onConnectionState}). */
  private reconnect: TimerHandle | null = null;
  private readonly unsubscribe: readonly (() => void)[];

  constructor(options: StatusSyncBridgeOptions) {
    this.partner = options.partner;
    this.clock = options.clock;
    this.store = options.store;
    this.log = options.log ?? publishLog;
    this.later = options.later ?? ((job) => void this.clock.setTimeout(job, 0));
    this.effects = new EffectQueue({
      partner: this.partner,
      clock: this.clock,
      log: this.log,
      // Believe the partner again, not what we asked of it. Nothing to persist or tell
      // listeners afterwards: the partner status is neither persisted nor in the view.
      // Stryker disable next-line OptionalChaining: equivalent, effects come only from decisions of a configured engine
      onFailure: () => this.engine?.partnerApplied(this.partner.getStatus()),
    });
    this.unsubscribe = [
      this.partner.subscribe((event) => this.onPartnerEvent(event)),
      this.partner.onConnectionStateChange((state) => this.onConnectionState(state)),
    ];
  }

  /** Stops listening to the partner and cancels the bridge's timers, writing what is not written yet. */
  dispose(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.cancelReconnect();
    this.flush();
    if (this.earlyReplay !== null) this.clock.clearTimeout(this.earlyReplay);
    this.earlyReplay = null;
    this.listeners.clear();
  }

  configure(config: Readonly<Record<string, unknown>>): void {
    const saved = new SyncStore(this.store, storageKeyFor(config), this.later);
    this.saved = saved;
    const { catalogue, problems } = StatusCatalogue.read(this.partner.getStatusCatalogue());
    for (const message of problems) publishLog('STATUS_SYNC_CONFIG_ERROR', { source: 'statusCatalogue', entry: null, message }, true);
    this.catalogue = catalogue;
    const stored = saved.load(catalogue);
    const { table, policy } = readSyncConfig(config, catalogue, stored.table);
    saved.persistTable(table);
    this.engine = new StatusSyncEngine({
      table,
      policy,
      now: () => this.clock.now(),
      elapsed: () => this.clock.elapsed(),
      partnerNow: () => this.partner.partnerNow(),
      connected: this.partner.connectionState === 'connected',
      partnerStatus: this.partner.getStatus(),
      callState: this.partner.getCallState(),
    });
    if (stored.engine !== undefined) {
      const dropped = this.engine.restore(stored.engine);
      if (dropped.length > 0) {
        publishLog('STATUS_SYNC_STORAGE_WARNING', { message: `persisted sync state partly unreadable; dropped: ${dropped.join(', ')}` }, true);
      }
    }
    publishLog('STATUS_SYNC_CONFIGURED', {
      policy,
      statuses: table.statuses().length,
      statusMapEntries: table.toJSON().entries.length,
      persisted: saved.durable,
    });
    const engine = this.engine;
    void this.apply(engine.resume());
    const early = this.earlyChange;
    this.earlyChange = null;
    // A tick later, so that Salesforce has CONNECTOR_READY before the status arrives.
    if (early !== null) {
      this.earlyReplay = this.clock.setTimeout(() => {
        this.earlyReplay = null;
        if (this.partner.getStatus() === early) void this.apply(engine.partnerChanged(early));
      }, 0);
    }
  }

  setAgentStatus(_agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<GenericResult> {
    const engine = this.engine;
    if (!engine) return Promise.reject(new ConnectorError('CAN_NOT_SET_AGENT_STATUS', 'status sync not configured (init has not run)'));
    const statusId = readStatusId(statusInfo);
    const decision = statusId === null
      ? engine.omniRejected('?', 'SET_AGENT_STATUS without statusInfo.statusId')
      : engine.omniChanged(statusId, enqueueNextState === true);
    return this.apply(decision).then((failure) => {
      if (!decision.success) {
        // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, a refused Omni change always carries its log entry; the fallback is for the type
        const reason = decision.entries[decision.entries.length - 1]?.reason ?? 'invalid status';
        throw new ConnectorError('INVALID_AGENT_STATUS', reason);
      }
      if (failure) throw new ConnectorError('CAN_NOT_SET_AGENT_STATUS', failure);
      return new GenericResult({ success: true });
    });
  }

  getAgentStatus(): AgentVendorStatusInfo {
    const status = this.partner.getStatus();
    const statusType = this.catalogue.isRoutable(status) ? 'AVAILABLE' : this.catalogue.isOffline(status) ? 'OFFLINE' : 'BUSY';
    return new AgentVendorStatusInfo({ statusId: status, statusType, statusName: status });
  }

  wrapUpCall(): Promise<void> {
    return this.partner.endWrapUp();
  }

  logout(): Promise<void> {
    if (this.engine) void this.apply(this.engine.loggedOut());
    return this.effects.settled.then(() => this.partner.logout());
  }

  view(): SyncView {
    return this.engine ? this.engine.view() : EMPTY_VIEW;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onPartnerEvent(event: PartnerEvent): void {
    // A late or repeated push (the seam's ordering rule): never published as news.
    if (event.type !== 'resynced' && event.seq <= this.lastSeq) {
      publishLog('STATUS_SYNC_STALE_EVENT', { event: event.type, seq: event.seq, lastSeq: this.lastSeq });
      return;
    }
    this.lastSeq = event.seq;
    const engine = this.engine;
    if (!engine) {
      // Before Salesforce connects (a break that fell due while the page reloaded):
      // remember the partner's latest own change, to publish once connected.
      if (event.type === 'statusChanged' && event.origin === 'partner') this.earlyChange = event.status;
      return;
    }
    if (event.type === 'statusChanged') {
      if (event.origin === 'connector') engine.partnerApplied(event.status);
      else void this.apply(engine.partnerChanged(event.status, event.at));
    } else if (event.type === 'callStateChanged') {
      void this.apply(engine.callStateChanged(event.state));
    } else if (event.type === 'resynced') {
      // The mirror was replaced: what differs from what the engine knows is the partner's news.
      void this.apply(engine.callStateChanged(this.partner.getCallState()));
      // A change known only from the snapshot has no time of its own: it counts as of the resync.
      if (this.partner.getStatus() !== engine.partner) void this.apply(engine.partnerChanged(this.partner.getStatus(), event.at));
    }
  }

  /**
   * CONTRACT §8: while the partner is not connected, Omni changes are held; a drop is
   * told to the engine at once, the way back a tick later, so that the events a partner
   * delivers right after it reconnects (the ones missed meanwhile, each with its time)
   * are weighed against a held change before the change is applied.
   */
  private onConnectionState(state: ConnectionState): void {
    const engine = this.engine;
    this.cancelReconnect();
    if (!engine) return;
    if (state !== 'connected') {
      void this.apply(engine.connectionChanged(false));
      return;
    }
    // Any later state change cancels this timer first (above), so when it fires the partner is still connected.
    this.reconnect = this.clock.setTimeout(() => {
      this.reconnect = null;
      void this.apply(engine.connectionChanged(true));
    }, 0);
  }

  private cancelReconnect(): void {
    if (this.reconnect !== null) this.clock.clearTimeout(this.reconnect);
    this.reconnect = null;
  }

  /** Writes what is not written yet (the sync log) at once; for page teardown and tests. */
  flush(): void {
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, configure sets the engine and `saved` together
    if (this.engine) this.saved?.writeLog(this.engine);
  }

  /**
   * Carries out a decision: its effects first (a `SET_AGENT_STATUS` leaves before any
   * bookkeeping), then the log lines, persistence and listeners. Resolves with a failure
   * message when an effect failed (the engine is re-synced to the partner's real
   * status), or `null`.
   */
  private apply(decision: Decision): Promise<string | null> {
    const run = this.effects.run(decision.effects);
    for (const entry of decision.entries) this.log('STATUS_SYNC', { ...entry }, entry.outcome === 'invalid');
    this.persist();
    this.notify();
    return run;
  }

  private persist(): void {
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, as in flush
    if (this.engine) this.saved?.persist(this.engine);
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (e) {
        publishLog('STATUS_SYNC_LISTENER_FAILED', { message: messageOf(e) }, true);
      }
    }
  }
}

function readStatusId(statusInfo: unknown): string | null {
  const statusId = isRecord(statusInfo) ? statusInfo.statusId : undefined;
  return typeof statusId === 'string' && statusId.length > 0 && statusId.length <= 64 ? statusId : null;
}
