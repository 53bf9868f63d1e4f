/**
 * The composition root for several connector instances of one agent (CONTRACT §6): one
 * leader runs the one simulated partner, the one status sync and the simulator's control
 * channel, and publishes partner changes to its Salesforce host; followers mirror it and
 * relay their commands and Omni changes to it.
 *
 * @remarks
 * ```
 *  instance A (leader)                               instance B (follower)
 *   Connector ─ SwitchingPartner ─▶ SimulatedPartner ◀── relay ── RelayedPartner ◀─ SwitchingPartner ─ Connector
 *            └ InstanceStatusBridge ─▶ PartnerHost ─▶ OmniCopies ─▶ StatusSyncBridge ─▶ SET_AGENT_STATUS (A's host only)
 *   store: WriteBehindStore ▶ ReplicatedStore ▶ localStorage | memory      ── store ──▶ B's mirror (for takeover)
 * ```
 * Every instance reports call events (`CALL_STARTED`, `HANGUP` …) to its own Salesforce
 * host: they come from the one partner, with one callId, so a call rings once per tab and
 * nobody reports a missed call that another tab answered. Only the leader publishes
 * status changes. The `init` of an instance waits until it knows its role (at most
 * {@link READY_LIMIT_MS}), so its `CONNECTOR_READY` replays the real calls.
 *
 * In `remote` partner mode the server is the one partner and each instance is a session
 * of the same agent; only the publisher role and the Omni copy filter are needed there
 * (the factory that picks the mode is the seam's).
 */
import { Connector } from '../../connector/connector';
import { StatusSyncBridge } from '../../connector/status-sync-bridge';
import { SimulatedPartner } from '../../partner/simulator/simulated-partner';
import { realClock } from '../../platform/clock';
import { DeferredWork } from '../../platform/deferred-work';
import { openStorage, WriteBehindStore, type KeyValueStore } from '../../platform/storage';
import { initializeConnector, publishLog, type InitResult } from '../../salesforce/scv';
import { messageOf } from '../../vocabulary/guards';
import type { BootstrapDeps } from '../bootstrap';
import { attachControlChannel, CONTROL_CHANNEL_NAME, type BroadcastChannelLike, type ControlChannel } from '../control-channel';
import { ELECTION_CHANNEL_NAME, Election, type Role } from './election';
import { PartnerHost } from './partner-host';
import { parseRelayMessage, RELAY_CHANNEL_NAME } from './relay-protocol';
import { RelayedPartner } from './relayed-partner';
import { ReplicatedStore, seedStore } from './replicated-store';
import { InstanceStatusBridge, SwitchingPartner } from './switching';

/** Log event type of the instance coordination's lines. */
export const INSTANCES_LOG_EVENT = 'CONNECTOR_INSTANCES';
/** `init` waits at most this long for the instance's role and the leader's state. */
export const READY_LIMIT_MS = 1_500;

/** What {@link bootstrapInstances} needs beyond {@link BootstrapDeps}. */
export interface InstanceDeps extends BootstrapDeps {
  /** This instance's id; default random. */
  readonly id?: string;
  /** Skips `initializeConnector` (unit tests drive the connector directly). */
  readonly register?: boolean;
}

/** One instance's page. */
export interface InstancePage {
  readonly id: string;
  readonly connector: Connector;
  readonly partner: SwitchingPartner;
  readonly status: InstanceStatusBridge;
  /** The election role now. */
  role(): Role;
  /** The leader's simulator while this instance leads (the control commands' target). */
  simulator(): SimulatedPartner | null;
  /** The page goes (pagehide): writes are flushed, a leader resigns. */
  dispose(): void;
}

function defaultOpen(name: string): BroadcastChannelLike | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
}

/**
 * Builds one instance: it joins the election and becomes a leader or a follower.
 *
 * @remarks Needs `BroadcastChannel` (`openChannel` must return channels); without it use `bootstrap`.
 */
export function bootstrapInstances(deps: InstanceDeps = {}): InstancePage {
  const clock = deps.clock ?? realClock;
  const id = deps.id ?? `i-${clock.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  const open = deps.openChannel ?? defaultOpen;
  const relayChannel = open(RELAY_CHANNEL_NAME);
  const electionChannel = open(ELECTION_CHANNEL_NAME);
  if (relayChannel === null || electionChannel === null) throw new Error('bootstrapInstances needs BroadcastChannel');
  const work = new DeferredWork(clock, (e) => publishLog(INSTANCES_LOG_EVENT, { message: `deferred work failed: ${messageOf(e)}` }, true));
  const later = (job: () => void): void => work.defer(job);
  const log = (eventType: string, payload: Record<string, unknown>, isError: boolean): void => later(() => publishLog(eventType, payload, isError));
  let underlying: KeyValueStore | null = deps.store ?? null;
  const storeOf = (): KeyValueStore =>
    (underlying ??= openStorage((reason) => publishLog(INSTANCES_LOG_EVENT, { message: `storage unavailable, running from memory: ${reason}` }, true)));
  const storeMirror = new Map<string, string | null>();

  const relay = new RelayedPartner(id, relayChannel, clock);
  const partner = new SwitchingPartner(relay, () => clock.now());
  const status = new InstanceStatusBridge(id, relay);

  interface Leading {
    readonly simulator: SimulatedPartner;
    readonly bridge: StatusSyncBridge;
    readonly host: PartnerHost;
    readonly control: ControlChannel | null;
    readonly replicated: ReplicatedStore;
    readonly stops: readonly (() => void)[];
  }
  let leading: Leading | null = null;
  let role: Role = 'undecided';
  /** The leader this instance last said hello to. */
  let greeted: string | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
    clock.setTimeout(resolve, READY_LIMIT_MS);
  });

  const post = (message: unknown): void => {
    try {
      relayChannel.postMessage(message);
    } catch {
      // closed: the page is going
    }
  };

  const lead = (): void => {
    if (leading) return;
    relay.abandon('this instance took over as leader');
    const inner = storeOf();
    seedStore(inner, storeMirror);
    const replicated = new ReplicatedStore(inner, (entries) => post({ t: 'store', entries }));
    const store = new WriteBehindStore(replicated, later);
    const simulator = new SimulatedPartner({ log, ...deps.partnerOptions, clock, store });
    const bridge = new StatusSyncBridge({ partner: simulator, clock, store, log, later });
    partner.use(simulator);
    let configured = false;
    const configure = (config: Readonly<Record<string, unknown>>): void => {
      configured = true;
      bridge.configure(config);
    };
    // A follower's config configures the sync only while the leader has none of its own yet.
    const configureOnce = (config: Readonly<Record<string, unknown>>): void => {
      if (!configured) configure(config);
    };
    const host = new PartnerHost({
      id,
      partner: simulator,
      status: bridge,
      channel: relayChannel,
      now: () => clock.now(),
      later,
      configureOnce,
      onChange: (listener) => simulator.onChange(listener),
    });
    const stops: (() => void)[] = [status.lead(bridge, host, configure)];
    if (status.config !== null) configureOnce(status.config);
    let control: ControlChannel | null = null;
    try {
      const channel = open(CONTROL_CHANNEL_NAME);
      if (channel !== null) control = attachControlChannel({ partner: simulator, channel, syncView: () => bridge.view(), later, clock });
    } catch (e) {
      publishLog(INSTANCES_LOG_EVENT, { message: `control channel unavailable: ${messageOf(e)}` }, true);
    }
    if (control !== null) {
      const c = control;
      stops.push(bridge.onChange(() => c.postState()));
    }
    post({ t: 'store', entries: replicated.entries() });
    leading = { simulator, bridge, host, control, replicated, stops };
    log(INSTANCES_LOG_EVENT, { message: 'this instance leads: it runs the partner and publishes status changes', instance: id }, false);
  };

  const stepDown = (): void => {
    if (!leading) return;
    work.flush();
    for (const stop of leading.stops) stop();
    leading.host.dispose();
    leading.control?.detach();
    leading.bridge.dispose();
    leading.simulator.dispose();
    work.flush();
    leading = null;
    status.follow();
    partner.use(relay);
    post({ t: 'hello', from: id });
  };

  const election = new Election({
    id,
    clock,
    channel: electionChannel,
    onRole: (next, leaderId) => {
      const was = role;
      role = next;
      if (next === 'leader') {
        lead();
        markReady();
      } else if (next === 'follower') {
        if (was === 'leader') stepDown();
        // Every leader must know every follower before an Omni change comes, or that
        // follower's copy counts as new: a hello sent before there was a leader, or to the
        // previous one, reached nobody who keeps it.
        if (leaderId !== null && leaderId !== greeted) {
          greeted = leaderId;
          post({ t: 'hello', from: id });
        }
        // The leader's state may have come before its heartbeat did.
        if (relay.synced) markReady();
      }
    },
  });

  const onRelay = (event: { readonly data: unknown }): void => {
    const message = parseRelayMessage(event.data);
    if (message === null) return;
    if (leading) {
      leading.host.receive(message);
      // A fresh follower gets every key the leader knows: its mirror for a takeover.
      if (message.t === 'hello') post({ t: 'store', entries: leading.replicated.entries() });
      return;
    }
    if (message.t === 'store') {
      for (const [key, value] of message.entries) storeMirror.set(key, value);
    } else {
      relay.receive(message);
      if (message.t === 'event') {
        if (role === 'follower') markReady();
        status.relayChanged();
      }
    }
  };
  relayChannel.addEventListener('message', onRelay);
  post({ t: 'hello', from: id });

  const connector = new (class extends Connector {
    override init(config: unknown): Promise<InitResult> {
      return ready.then(() => super.init(config));
    }
  })({ partner, status, clock });
  if (deps.register !== false) initializeConnector(connector);

  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    work.flush();
    if (!leading) post({ t: 'bye', from: id });
    election.close();
    relayChannel.removeEventListener('message', onRelay);
    connector.dispose();
    if (leading) {
      for (const stop of leading.stops) stop();
      leading.host.dispose();
      leading.control?.detach();
      leading.bridge.dispose();
      leading.simulator.dispose();
      work.flush();
    }
    status.dispose();
    partner.dispose();
    relay.abandon('the page is going');
  };
  globalThis.addEventListener?.('pagehide', dispose);

  return {
    id,
    connector,
    partner,
    status,
    role: () => role,
    simulator: () => leading?.simulator ?? null,
    dispose,
  };
}
