/**
 * The partner and the status bridge an instance's {@link Connector} holds for its whole
 * life, whichever role the instance has: they forward to the local simulator and status
 * sync while the instance leads, and to the relay while it follows.
 *
 * The instance page owns the partners it switches between: {@link SwitchingPartner.dispose}
 * only detaches from them.
 */
import type { StatusBridge } from '../../connector/status-bridge';
import { ConnectorError } from '../../connector/errors';
import type {
  ConnectionState,
  ConnectOptions,
  ConnectResult,
  ContactFilter,
  PartnerCall,
  PartnerCapabilities,
  PartnerContact,
  PartnerCredentials,
  PartnerListener,
  PartnerTelephony,
} from '../../partner/partner-telephony';
import { AgentVendorStatusInfo, GenericResult } from '../../salesforce/scv';
import type { SyncView } from '../../status-sync/types';
import type { CallState } from '../../vocabulary/call-state';
import { isRecord } from '../../vocabulary/guards';
import { isOfflineStatus, isRoutable, type PartnerStatus, type PartnerStatusInfo } from '../../vocabulary/partner-status';
import type { PartnerHost } from './partner-host';
import type { RelayedPartner } from './relayed-partner';

/** A {@link PartnerTelephony} that forwards to whichever partner the instance uses now. */
export class SwitchingPartner implements PartnerTelephony {
  private readonly listeners = new Set<PartnerListener>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private unsubscribe: () => void;

  /**
   * @param target - the partner used first
   * @param now - the time that stamps the `resynced` of a switch
   */
  constructor(
    private target: PartnerTelephony,
    private readonly now: () => number,
  ) {
    this.unsubscribe = this.attach(target);
  }

  /**
   * Forwards to `target` from now on (its events included). The new partner numbers its
   * events afresh, so subscribers are told `resynced` (their new baseline) first.
   */
  use(target: PartnerTelephony): void {
    const state = this.target.connectionState;
    this.unsubscribe();
    this.target = target;
    this.unsubscribe = this.attach(target);
    this.emit({ type: 'resynced', seq: 0, at: this.now() });
    if (target.connectionState !== state) this.emitState(target.connectionState);
  }

  private attach(target: PartnerTelephony): () => void {
    const offEvents = target.subscribe((e) => this.emit(e));
    const offState = target.onConnectionStateChange((state) => this.emitState(state));
    return () => {
      offEvents();
      offState();
    };
  }

  private emit(event: Parameters<PartnerListener>[0]): void {
    for (const l of [...this.listeners]) l(event);
  }

  private emitState(state: ConnectionState): void {
    for (const l of [...this.stateListeners]) l(state);
  }

  get connectionState(): ConnectionState {
    return this.target.connectionState;
  }
  get capabilities(): PartnerCapabilities {
    return this.target.capabilities;
  }
  connect(options: ConnectOptions): Promise<ConnectResult> {
    return this.target.connect(options);
  }
  login(credentials: PartnerCredentials): Promise<ConnectResult> {
    return this.target.login(credentials);
  }
  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
  /** Detaches from the partner used now and drops every subscriber (the partners are the page's). */
  dispose(): void {
    this.unsubscribe();
    this.unsubscribe = () => undefined;
    this.listeners.clear();
    this.stateListeners.clear();
  }
  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  getStatusCatalogue(): readonly PartnerStatusInfo[] {
    return this.target.getStatusCatalogue();
  }
  partnerNow(): number {
    return this.target.partnerNow();
  }
  getStatus(): PartnerStatus {
    return this.target.getStatus();
  }
  getCallState(): CallState {
    return this.target.getCallState();
  }
  getCalls(): readonly PartnerCall[] {
    return this.target.getCalls();
  }
  isMuted(): boolean {
    return this.target.isMuted();
  }
  isRecordingPaused(): boolean {
    return this.target.isRecordingPaused();
  }
  setStatus(status: PartnerStatus, reason: string): Promise<void> {
    return this.target.setStatus(status, reason);
  }
  endWrapUp(): Promise<void> {
    return this.target.endWrapUp();
  }
  logout(): Promise<void> {
    return this.target.logout();
  }
  acceptCall(callId: string): Promise<PartnerCall> {
    return this.target.acceptCall(callId);
  }
  declineCall(callId: string): Promise<PartnerCall> {
    return this.target.declineCall(callId);
  }
  hangUp(callId?: string): Promise<readonly PartnerCall[]> {
    return this.target.hangUp(callId);
  }
  dial(phoneNumber: string): Promise<PartnerCall> {
    return this.target.dial(phoneNumber);
  }
  sendDigits(digits: string): Promise<void> {
    return this.target.sendDigits(digits);
  }
  hold(callId: string): Promise<PartnerCall> {
    return this.target.hold(callId);
  }
  resume(callId: string): Promise<PartnerCall> {
    return this.target.resume(callId);
  }
  mute(): Promise<void> {
    return this.target.mute();
  }
  unmute(): Promise<void> {
    return this.target.unmute();
  }
  addParticipant(phoneNumber: string, parentCallId: string, blindTransfer: boolean): Promise<PartnerCall> {
    return this.target.addParticipant(phoneNumber, parentCallId, blindTransfer);
  }
  conference(): Promise<readonly PartnerCall[]> {
    return this.target.conference();
  }
  swap(holdCallId: string, resumeCallId: string): Promise<readonly PartnerCall[]> {
    return this.target.swap(holdCallId, resumeCallId);
  }
  pauseRecording(): Promise<void> {
    return this.target.pauseRecording();
  }
  resumeRecording(): Promise<void> {
    return this.target.resumeRecording();
  }
  searchContacts(filter: ContactFilter): Promise<readonly PartnerContact[]> {
    return this.target.searchContacts(filter);
  }
  superviseCall(callId: string): Promise<PartnerCall> {
    return this.target.superviseCall(callId);
  }
  bargeIn(callId: string): Promise<PartnerCall> {
    return this.target.bargeIn(callId);
  }
  supervisorDisconnect(): Promise<readonly PartnerCall[]> {
    return this.target.supervisorDisconnect();
  }
}

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
        // The leader's ConnectorError keeps its Salesforce type; a PartnerError its code.
        const code = isRecord(e) && typeof e.type === 'string' ? e.type : isRecord(e) && typeof e.code === 'string' ? e.code : 'CAN_NOT_SET_AGENT_STATUS';
        throw new ConnectorError(code, isRecord(e) && typeof e.message === 'string' ? e.message : 'status change failed');
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
