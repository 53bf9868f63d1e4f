/**
 * Where the status sync keeps what must survive a reload (CONTRACT §5 rule 9): the
 * mapping table, the sync state (statusIds, the pending change) and the sync log, each
 * under its own key, scoped per org + user + call center.
 */
import type { KeyValueStore } from '../platform/storage';
import { publishLog } from '../salesforce/scv';
import type { StatusSyncEngine } from '../status-sync/engine';
import { MappingTable } from '../status-sync/mapping-table';
import { isRecord, messageOf } from '../vocabulary/guards';
import type { StatusCatalogue } from '../vocabulary/status-catalogue';

/** Version of the persisted envelope; bump when its shape changes. */
export const PERSISTED_VERSION = 1;

/** Largest mapping table persisted (characters of JSON): thousands of statuses, far below any quota. */
export const MAX_PERSISTED_TABLE_CHARS = 256 * 1024;

type Part = 'table' | 'state' | 'log';

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

/** The status sync's persisted parts for one agent's configuration. */
export class SyncStore {
  /** The sync log changed and its write is deferred (see {@link SyncStore.persist}). */
  private logDirty = false;

  /**
   * @param later - runs the sync log's write after the current task
   */
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly later: (job: () => void) => void,
  ) {}

  /** Whether what is written survives a reload. */
  get durable(): boolean {
    return this.store.durable;
  }

  /**
   * Reads the three persisted parts: the mapping table (against the partner's current
   * catalogue) and the sync state (what rule 9 needs) and the sync log. Each part that is missing or unreadable is skipped, with a
   * warning for the unreadable ones.
   */
  load(catalogue: StatusCatalogue): { table: MappingTable | null; engine: unknown } {
    const table = this.read('table');
    const state = this.read('state');
    const log = this.read('log');
    return {
      table: table === undefined ? null : MappingTable.fromJSON(table, catalogue),
      engine: state === undefined ? undefined : { ...(isRecord(state) ? state : {}), syncLog: log },
    };
  }

  /**
   * Persists the sync state (small: statusIds, the pending change) at once, and the sync
   * log (up to 50 entries) through `later`, once for all decisions of a task, so that
   * serialising it never delays a decision's messages.
   */
  persist(engine: StatusSyncEngine): void {
    const { syncLog: _log, ...state } = engine.toJSON();
    this.store.set(`${this.key}:state`, JSON.stringify({ v: PERSISTED_VERSION, state }));
    if (this.logDirty) return;
    this.logDirty = true;
    this.later(() => this.writeLog(engine));
  }

  /** Writes the sync log now if a write is due. */
  writeLog(engine: StatusSyncEngine): void {
    if (!this.logDirty) return;
    this.logDirty = false;
    this.store.set(`${this.key}:log`, JSON.stringify({ v: PERSISTED_VERSION, log: engine.view().syncLog }));
  }

  /**
   * Persists the mapping table for a later load whose presence map is unusable, unless it
   * is too large: Salesforce re-sends it on every setup, and a huge one must not crowd the
   * calls and the pending change out of the quota (CONTRACT §7.8). A table not persisted
   * is removed, so an older one is never taken for it.
   */
  persistTable(table: MappingTable): void {
    const key = `${this.key}:table`;
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

  private read(part: Part): unknown {
    const raw = this.store.get(`${this.key}:${part}`);
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
}
