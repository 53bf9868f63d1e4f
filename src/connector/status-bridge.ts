/**
 * The connector's side of two-way agent status sync: the interface the connector talks
 * to (the implementation is `./status-sync-bridge.ts`).
 *
 * @remarks
 * The {@link Connector} delegates every status concern here: it calls `configure` from
 * `init`, forwards `setAgentStatus`, `getAgentStatus`, `wrapUpCall`, and reads `view()`
 * for the simulator's `STATE`. The bridge subscribes to the partner itself (status and
 * call-state events) and publishes `SET_AGENT_STATUS` to Salesforce itself.
 */
import type { AgentVendorStatusInfo, GenericResult } from '../salesforce/scv';
import type { SyncView } from '../status-sync/types';

/** What the connector needs from the status sync. */
export interface StatusBridge {
  /** Reads `userPresenceStatuses` and `/statusSync/*` from `callCenterConfig`. Never throws; reports problems through the log. */
  configure(callCenterConfig: Readonly<Record<string, unknown>>): void;
  /** Omni-Channel changed the agent's presence. Resolves `{success}`; rejects only with the base library's error shapes. */
  setAgentStatus(agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<GenericResult>;
  /** The partner's current status, for `GET_AGENT_STATUS`. */
  getAgentStatus(): AgentVendorStatusInfo;
  /** Salesforce closed after-call work (`WRAP_UP_CALL`). */
  wrapUpCall(): Promise<void>;
  /** Salesforce logs the agent out: pending changes are dropped, then the partner logs out (status `OFFLINE`). */
  logout(): Promise<void>;
  /** Persists at once whatever is still waiting to be written (call before the page goes away). */
  flush(): void;
  /** Stops listening to the partner and cancels its timers (the page is going away). */
  dispose(): void;
  /** The sync state for the simulator's `STATE` message. */
  view(): SyncView;
  /** Called after every sync decision (so `STATE` can be re-posted); returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}
