/**
 * The status bridge an instance's `Connector` holds for its whole life, whichever
 * role the instance has: the leader's status sync while it leads, the relay while it
 * follows (the partner side of the same switch is a `PartnerSwitch`).
 */
import type { StatusBridge } from '../../connector/status-bridge';
import { ConnectorError } from '../../connector/errors';
import { AgentVendorStatusInfo, GenericResult } from '../../salesforce/scv';
import type { SyncView } from '../../status-sync/types';
import { isRecord, messageOf } from '../../vocabulary/guards';
import { isPartnerError } from '../../partner/partner-telephony';
import { isOfflineStatus, isRoutable } from '../../vocabulary/partner-status';
import type { PartnerHost } from './partner-host';
import type { RelayedPartner } from './relayed-partner';

/**
 * The instance's {@link StatusBridge}: the leader's status sync (behind the Omni copy
 * filter) while it leads, the relay while it follows. It keeps the config, so a follower
 * that takes over configures the sync it starts.
 */
export class InstanceStatusBridge implements StatusBridge {
  private leading: { readonly status: StatusBridge; readonly host: PartnerHost; readonly configure: (config: Readonly<Record<string, unknown>>) => void } | null = null;
  private readonly listeners = new Set<() => void>();
  /** The config of this instance's `SETUP_CONNECTOR`, once it came. */
  config: Readonly<Record<string, unknown>> | null = null;

  constructor(
    private readonly id: string,
    private readonly relay: RelayedPartner,
  ) {}

  /**
   * Leads: the local sync decides; its changes are announced to this instance's
   * listeners. `configure` configures the sync with this instance's own config.
   */
  lead(status: StatusBridge, host: PartnerHost, configure: (config: Readonly<Record<string, unknown>>) => void): () => void {
    this.leading = { status, host, configure };
    return status.onChange(() => this.notify());
  }

  /** Follows: everything goes through the relay. */
  follow(): void {
    this.leading = null;
  }

  /** The relay had news (a follower's STATE listeners re-read the view). */
  relayChanged(): void {
    if (!this.leading) this.notify();
  }

  configure(config: Readonly<Record<string, unknown>>): void {
    this.config = config;
    if (this.leading) this.leading.configure(config);
    else void this.relay.call('configure', [config]).catch(() => undefined);
  }

  setAgentStatus(agentStatus: string, statusInfo: unknown, enqueueNextState: boolean): Promise<GenericResult> {
    if (this.leading) return this.leading.host.omni(this.id, agentStatus, statusInfo, enqueueNextState);
    return this.relay.call<unknown>('omni', [agentStatus, statusInfo, enqueueNextState]).then(
      (r) => new GenericResult({ success: isRecord(r) && r.success === true }),
      (e: unknown) => {
        // The relay rejects with the leader's ConnectorError (its Salesforce type kept) or a PartnerError (its code kept).
        throw e instanceof ConnectorError ? e : new ConnectorError(isPartnerError(e) ? e.code : 'CAN_NOT_SET_AGENT_STATUS', messageOf(e));
      },
    );
  }

  getAgentStatus(): AgentVendorStatusInfo {
    if (this.leading) return this.leading.status.getAgentStatus();
    const status = this.relay.getStatus();
    const statusType = isRoutable(status) ? 'AVAILABLE' : isOfflineStatus(status) ? 'OFFLINE' : 'BUSY';
    return new AgentVendorStatusInfo({ statusId: status, statusType, statusName: status });
  }

  wrapUpCall(): Promise<void> {
    return this.leading ? this.leading.status.wrapUpCall() : this.relay.call('wrapUpCall', []);
  }

  /** Ends the wrap-up without a call (a reload during wrap-up), unless another tab's host shows it. */
  endOrphanedWrapUp(): Promise<void> {
    if (!this.leading) return this.relay.call('orphanedWrapUp', []);
    this.leading.host.endOrphanedWrapUp(this.id);
    return Promise.resolve();
  }

  logout(): Promise<void> {
    return this.leading ? this.leading.status.logout() : this.relay.call('logoutAgent', []);
  }

  flush(): void {
    this.leading?.status.flush();
  }

  /** Drops this instance's listeners; the leader's sync is the instance page's to dispose. */
  dispose(): void {
    this.listeners.clear();
  }

  view(): SyncView {
    return this.leading ? this.leading.status.view() : this.relay.view();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
