/**
 * Wires the pure {@link StatusSyncEngine} between Salesforce and the partner system.
 *
 * @remarks
 * A thin shell: it reads the configuration, feeds partner events and Omni changes to
 * the engine, carries out the engine's effects in order (partner status, wrap-up end,
 * `SET_AGENT_STATUS` to Salesforce), persists the engine after every decision, and
 * reports each decision through the base library's log. Effects run one decision at a
 * time, in the order decisions were made. A decision's log line and the sync log's write
 * go through `log` and `later`, so the page can post and write them after the answer.
 *
 * @example
 * ```ts
 * const status = new StatusSyncBridge({ partner, clock: realClock, store: openStorage(warn) });
 * const connector = new Connector({ partner, status });
 * ```
 */
import type { Clock, TimerHandle } from '../platform/clock';
import { isRecord, messageOf } from '../vocabulary/guards';
import type { KeyValueStore } from '../platform/storage';
import { isRoutable, PARTNER_STATUS_INFO, PARTNER_STATUSES, type PartnerStatus } from '../vocabulary/partner-status';
import { COMMAND_TIME_LIMIT_MS, type PartnerEvent, type PartnerTelephony } from '../partner/partner-telephony';
import { AgentStatusInfo, AgentVendorStatusInfo, GenericResult, publishEvent, publishLog } from '../salesforce/scv';
import type { Decision, SyncEffect } from '../status-sync/engine';
import { StatusSyncEngine } from '../status-sync/engine';
import { MappingTable } from '../status-sync/mapping-table';
import { parsePresenceStatuses } from '../status-sync/presence';
import { parseOnCallPolicy, parseStatusMap } from '../status-sync/status-map';
import type { SyncView } from '../status-sync/types';
import { ConnectorError } from './errors';
import type { StatusBridge } from './status-bridge';
import { withTimeLimit } from './time-limit';

/** Config keys read from `callCenterConfig` (CONTRACT §3). */
const CONFIG_KEYS = {
  presence: 'userPresenceStatuses',
  statusMap: '/statusSync/statusMap',
  onCallPolicy: '/statusSync/onCallPolicy',
} as const;

/** Version of the persisted envelope; bump when its shape changes. */
export const PERSISTED_VERSION = 1;

/** Largest mapping table persisted (characters of JSON): thousands of statuses, far below any quota. */
export const MAX_PERSISTED_TABLE_CHARS = 256 * 1024;

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

/** A log sink with `publishLog`'s signature. */
export type SyncLogSink = (eventType: string, payload: Record<string, unknown>, isError: boolean) => void;

/** The real {@link StatusBridge}: two-way agent status sync. */
export class StatusSyncBridge implements StatusBridge {
  private readonly partner: PartnerTelephony;
  private readonly clock: Clock;
  private readonly store: KeyValueStore;
  private readonly log: SyncLogSink;
  private readonly later: (job: () => void) => void;
  private engine: StatusSyncEngine | null = null;
  private storageKey = '';
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  /** Effect runs not yet finished; at 0 a new decision's effects start at once. */
  private running = 0;
  /** The sync log changed and its write is deferred (see {@link StatusSyncBridge.persist}). */
  private logDirty = false;
  /** The partner's own latest status change before `configure`, if any. */
  private earlyChange: PartnerStatus | null = null;
  /** The armed timer that publishes `earlyChange` after `CONNECTOR_READY`, if any. */
  private earlyReplay: TimerHandle | null = null;
  /** The `seq` of the last partner event applied (older ones are stale). */
  private lastSeq = 0;
  private readonly unsubscribe: () => void;

  constructor(options: StatusSyncBridgeOptions) {
    this.partner = options.partner;
    this.clock = options.clock;
    this.store = options.store;
    this.log = options.log ?? publishLog;
    this.later = options.later ?? ((job) => void this.clock.setTimeout(job, 0));
    this.unsubscribe = this.partner.subscribe((event) => this.onPartnerEvent(event));
  }

  /** Stops listening to the partner and cancels the bridge's timers, writing what is not written yet. */
  dispose(): void {
    this.unsubscribe();
    this.flush();
    if (this.earlyReplay !== null) this.clock.clearTimeout(this.earlyReplay);
    this.earlyReplay = null;
    this.listeners.clear();
  }

  configure(config: Readonly<Record<string, unknown>>): void {
    this.storageKey = storageKeyFor(config);
    const presence = parsePresenceStatuses(config[CONFIG_KEYS.presence]);
    const statusMap = parseStatusMap(config[CONFIG_KEYS.statusMap]);
    const policy = parseOnCallPolicy(config[CONFIG_KEYS.onCallPolicy]);
    const saved = this.load();
    // Salesforce sent no usable presence map (only the reserved Offline survived): keep
    // working with the statuses persisted by an earlier load, as the guide asks the
    // partner to persist them, and this configuration's statusMap.
    const savedStatuses = presence.statuses.length <= 1 && presence.issues.length > 0 ? saved.table?.statuses() : undefined;
    const built = MappingTable.build(savedStatuses ?? presence.statuses, statusMap.entries);
    for (const issue of [...presence.issues, ...statusMap.issues, ...policy.issues, ...built.issues]) {
      publishLog('STATUS_SYNC_CONFIG_ERROR', { source: issue.source, entry: issue.entry ?? null, message: issue.message }, true);
    }
    if (savedStatuses) {
      publishLog('STATUS_SYNC_CONFIG_ERROR', { message: 'userPresenceStatuses unusable: keeping the statuses of the last good configuration' }, true);
    }
    const table = built.table;
    // Rule 7 leaves a partner status without a Salesforce status unpublished: say so now,
    // not only when it happens (e.g. partner LUNCH while Omni stays Available).
    const oneWay = PARTNER_STATUSES.filter((code) => table.toSalesforce(code) === undefined);
    if (oneWay.length > 0) {
      publishLog('STATUS_SYNC_CONFIG_WARNING', { message: `partner ${oneWay.join(', ')} unmapped: Omni keeps its status when the partner sets one (map each, e.g. NAME<${oneWay[0]})` }, true);
    }
    this.persistTable(table);
    this.engine = new StatusSyncEngine({
      table,
      policy: policy.policy,
      now: () => this.clock.now(),
      elapsed: () => this.clock.elapsed(),
      partnerStatus: this.partner.getStatus(),
      callState: this.partner.getCallState(),
    });
    if (saved.engine !== undefined) {
      const dropped = this.engine.restore(saved.engine);
      if (dropped.length > 0) {
        publishLog('STATUS_SYNC_STORAGE_WARNING', { message: `persisted sync state partly unreadable; dropped: ${dropped.join(', ')}` }, true);
      }
    }
    publishLog('STATUS_SYNC_CONFIGURED', {
      policy: policy.policy,
      statuses: table.statuses().length,
      statusMapEntries: table.toJSON().entries.length,
      persisted: this.store.durable,
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
        const reason = decision.entries[decision.entries.length - 1]?.reason ?? 'invalid status';
        throw new ConnectorError('INVALID_AGENT_STATUS', reason);
      }
      if (failure) throw new ConnectorError('CAN_NOT_SET_AGENT_STATUS', failure);
      return new GenericResult({ success: true });
    });
  }

  getAgentStatus(): AgentVendorStatusInfo {
    const status = this.partner.getStatus();
    const statusType = isRoutable(status) ? 'AVAILABLE' : PARTNER_STATUS_INFO[status].offline ? 'OFFLINE' : 'BUSY';
    return new AgentVendorStatusInfo({ statusId: status, statusType, statusName: status });
  }

  wrapUpCall(): Promise<void> {
    return this.partner.endWrapUp();
  }

  logout(): Promise<void> {
    if (this.engine) void this.apply(this.engine.loggedOut());
    return this.queue.then(() => this.partner.logout());
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
      else void this.apply(engine.partnerChanged(event.status));
    } else if (event.type === 'callStateChanged') {
      void this.apply(engine.callStateChanged(event.state));
    } else if (event.type === 'resynced') {
      // The mirror was replaced: what differs from what the engine knows is the partner's news.
      void this.apply(engine.callStateChanged(this.partner.getCallState()));
      if (this.partner.getStatus() !== engine.partner) void this.apply(engine.partnerChanged(this.partner.getStatus()));
    }
  }

  /** Writes what is not written yet (the sync log) at once; for page teardown and tests. */
  flush(): void {
    this.writeLog();
  }

  /**
   * Carries out a decision: its effects first (a `SET_AGENT_STATUS` leaves before any
   * bookkeeping), then the log lines, persistence and listeners. Effects of a decision
   * made while earlier ones still run wait behind them, in order. Resolves with a
   * failure message when an effect failed (the engine is re-synced to the partner's
   * real status), or `null`.
   */
  private apply(decision: Decision): Promise<string | null> {
    this.running++;
    const run = this.running === 1 ? this.runEffects(decision.effects) : this.queue.then(() => this.runEffects(decision.effects));
    this.queue = run.then(() => {
      this.running--;
    });
    for (const entry of decision.entries) this.log('STATUS_SYNC', { ...entry }, entry.outcome === 'invalid');
    this.persist();
    this.notify();
    return run;
  }

  private async runEffects(effects: readonly SyncEffect[]): Promise<string | null> {
    let failure: string | null = null;
    for (const effect of effects) {
      try {
        await this.runEffect(effect);
      } catch (e) {
        failure = `${effect.type} failed: ${messageOf(e)}`;
        this.log('STATUS_SYNC_EFFECT_FAILED', { effect: effect.type, message: failure }, true);
        // Believe the partner again, not what we asked of it.
        this.engine?.partnerApplied(this.partner.getStatus());
      }
    }
    if (effects.length > 0) {
      this.persist();
      this.notify();
    }
    return failure;
  }

  private async runEffect(effect: SyncEffect): Promise<void> {
    switch (effect.type) {
      // A partner that never answers must not block the effect queue (and SET_AGENT_STATUS_RESULT) for ever.
      case 'setPartnerStatus':
        await withTimeLimit(this.clock, COMMAND_TIME_LIMIT_MS, 'setStatus', this.partner.setStatus(effect.status, 'Omni-Channel status sync'));
        return;
      case 'endWrapUp':
        await withTimeLimit(this.clock, COMMAND_TIME_LIMIT_MS, 'endWrapUp', this.partner.endWrapUp());
        return;
      case 'publishStatus':
        await publishEvent('SET_AGENT_STATUS', new AgentStatusInfo({ statusId: effect.statusId }));
        return;
    }
  }

  /**
   * Reads the three persisted parts: the mapping table and the sync state (what rule 9
   * needs) and the sync log. Each part that is missing or unreadable is skipped, with a
   * warning for the unreadable ones.
   */
  private load(): { table: MappingTable | null; engine: unknown } {
    const table = this.read('table');
    const state = this.read('state');
    const log = this.read('log');
    return {
      table: table === undefined ? null : MappingTable.fromJSON(table),
      engine: state === undefined ? undefined : { ...(isRecord(state) ? state : {}), syncLog: log },
    };
  }

  private read(part: 'table' | 'state' | 'log'): unknown {
    const raw = this.store.get(`${this.storageKey}:${part}`);
    if (raw === null) return undefined;
    try {
      const data: unknown = JSON.parse(raw);
      if (!isRecord(data) || data.v !== PERSISTED_VERSION) throw new Error('unsupported persisted version');
      return data[part];
    } catch (e) {
      publishLog('STATUS_SYNC_STORAGE_WARNING', { message: `persisted ${part} ignored: ${messageOf(e)}` }, true);
      return undefined;
    }
  }

  /**
   * Persists the sync state (small: statusIds, the pending change) at once, and the sync
   * log (up to 50 entries) through `later`, once for all decisions of a task, so that
   * serialising it never delays a decision's messages. The table is written once, by
   * `configure`.
   */
  private persist(): void {
    if (!this.engine) return;
    const { syncLog: _log, ...state } = this.engine.toJSON();
    this.store.set(`${this.storageKey}:state`, JSON.stringify({ v: PERSISTED_VERSION, state }));
    if (this.logDirty) return;
    this.logDirty = true;
    this.later(() => this.writeLog());
  }

  /**
   * Persists the mapping table for a later load whose presence map is unusable, unless it
   * is too large: Salesforce re-sends it on every setup, and a huge one must not crowd the
   * calls and the pending change out of the quota (CONTRACT §7.8). A table not persisted
   * is removed, so an older one is never taken for it.
   */
  private persistTable(table: MappingTable): void {
    const key = `${this.storageKey}:table`;
    const text = JSON.stringify({ v: PERSISTED_VERSION, table: table.toJSON() });
    if (text.length <= MAX_PERSISTED_TABLE_CHARS) {
      this.store.set(key, text);
      return;
    }
    this.store.remove(key);
    publishLog(
      'STATUS_SYNC_STORAGE_WARNING',
      { message: `mapping table not persisted: ${text.length} characters, more than ${MAX_PERSISTED_TABLE_CHARS}; calls and pending changes still are` },
      true,
    );
  }

  private writeLog(): void {
    if (!this.engine || !this.logDirty) return;
    this.logDirty = false;
    this.store.set(`${this.storageKey}:log`, JSON.stringify({ v: PERSISTED_VERSION, log: this.engine.view().syncLog }));
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

/**
 * Storage is scoped per org + user + call center, so two agents (or two call centers)
 * sharing a browser never see each other's mapping or pending change.
 */
export function storageKeyFor(config: Readonly<Record<string, unknown>>): string {
  const part = (key: string): string => {
    const value = config[key];
    return typeof value === 'string' && value.length > 0 ? encodeURIComponent(value.slice(0, 64)) : '-';
  };
  return `scv-status-sync:v${PERSISTED_VERSION}:${part('organizationId')}:${part('userId')}:${part('callCenterId')}`;
}

function readStatusId(statusInfo: unknown): string | null {
  const statusId = isRecord(statusInfo) ? statusInfo.statusId : undefined;
  return typeof statusId === 'string' && statusId.length > 0 && statusId.length <= 64 ? statusId : null;
}
