/**
 * The composition root for several connector instances of one agent (CONTRACT §6): one
 * leader runs the one partner, the one status sync and the simulator's control channel
 * (`./leader.ts`), and publishes partner changes to its Salesforce host; followers mirror
 * it and relay their commands and Omni changes to it.
 *
 * @remarks
 * ```
 *  instance A (leader)                                  instance B (follower)
 *   Connector ─ PartnerSwitch ─▶ Leader's PartnerSwitch ◀── relay ── RelayedPartner ◀─ PartnerSwitch ─ Connector
 *            │                    (/partner/mode: simulator | remote)
 *            └ InstanceStatusBridge ─▶ PartnerHost ─▶ OmniCopies ─▶ StatusSyncBridge ─▶ SET_AGENT_STATUS (A's host only)
 *   store: WriteBehindStore ▶ ReplicatedStore ▶ localStorage | memory        ── store ──▶ B's mirror (for takeover)
 * ```
 * Every instance reports call events (`CALL_STARTED`, `HANGUP` …) to its own Salesforce
 * host: they come from the one partner, with one callId, so a call rings once per tab and
 * nobody reports a missed call that another tab answered; the agent's actions in one tab
 * reach the others' hosts through {@link ActionsElsewhere}. Only the leader publishes
 * status changes. The `init` of an instance waits until it knows its role (at most
 * {@link READY_LIMIT_MS}), so its `CONNECTOR_READY` replays the real calls.
 */
import { CallView } from '../../connector/call-view';
import { Connector } from '../../connector/connector';
import type { SimulatedPartner } from '../../partner/simulator/simulated-partner';
import { realClock } from '../../platform/clock';
import { attachPageLoginForm } from '../../page/login-form';
import { DeferredWork } from '../../platform/deferred-work';
import { openStorage, type KeyValueStore } from '../../platform/storage';
import { initializeConnector, publishLog, type InitResult } from '../../salesforce/scv';
import { messageOf } from '../../vocabulary/guards';
import type { BootstrapDeps } from '../bootstrap';
import type { BroadcastChannelLike } from '../control-channel';
import { PartnerSwitch } from '../partner-switch';
import { ActionsElsewhere } from './actions-elsewhere';
import { CLAIM_MS, ELECTION_CHANNEL_NAME, Election, LEASE_MS, type Role } from './election';
import { InstanceStatusBridge } from './instance-status-bridge';
import { INSTANCES_LOG_EVENT, Leader } from './leader';
import { parseRelayMessage, RELAY_CHANNEL_NAME } from './relay-protocol';
import { RelayedPartner } from './relayed-partner';

export { INSTANCES_LOG_EVENT } from './leader';
/**
 * `init` waits at most this long for the instance's role and the leader's state: long
 * enough for the followers of a leader that crashed just before to find it gone and take
 * over, as a new instance waits for them (see `./election`).
 */
export const READY_LIMIT_MS = LEASE_MS + CLAIM_MS + 1_000;

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
  readonly partner: PartnerSwitch;
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
  const onProblem = (message: string): void => publishLog(INSTANCES_LOG_EVENT, { message }, true);
  // The connector's partner: the leader's one partner while this instance leads, the relay while it follows.
  const partner = new PartnerSwitch(relay, { now: () => clock.now(), onProblem });
  const status = new InstanceStatusBridge(id, relay);
  const actions = new ActionsElsewhere(partner, new CallView(partner));
  partner.subscribe((event) => actions.changed(event));

  let leading: Leader | null = null;
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

  const hello = (): void => post({ t: 'hello', from: id, holds: actions.showsWrapUp() });

  const lead = (): void => {
    if (leading) return;
    relay.abandon('this instance took over as leader');
    const { partnerOptions, partners } = deps;
    const holdsWrapUp = actions.showsWrapUp();
    leading = new Leader({ id, clock, later, log, store: storeOf(), mirror: storeMirror, relay: relayChannel, post, open, partnerOptions, partners, status, holdsWrapUp });
    partner.use(leading.partner);
    // Changes without a seam event (hold, mute, recording): the simulator's commit, a command's completion.
    leading.onChange(() => actions.changed(null));
    log(INSTANCES_LOG_EVENT, { message: 'this instance leads: it runs the partner and publishes status changes', instance: id }, false);
  };

  /** Stops leading: everything queued goes out first, the page's writes included. */
  const stopLeading = (): void => {
    if (!leading) return;
    work.flush();
    leading.dispose();
    work.flush();
    leading = null;
  };

  const stepDown = (): void => {
    if (!leading) return;
    stopLeading();
    status.follow();
    partner.use(relay);
    hello();
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
          hello();
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
      if (message.t === 'hello') post({ t: 'store', entries: leading.storeEntries() });
      return;
    }
    if (message.t === 'store') {
      for (const [key, value] of message.entries) storeMirror.set(key, value);
    } else {
      relay.receive(message);
      if (message.t === 'event') {
        if (role === 'follower') markReady();
        if (message.event === null) actions.changed(null);
        status.relayChanged();
      }
    }
  };
  relayChannel.addEventListener('message', onRelay);
  hello();

  const connector = new (class extends Connector {
    override async init(config: unknown): Promise<InitResult> {
      await ready;
      const result = await super.init(config);
      actions.start();
      return result;
    }

    // Without a call it is the connector's own end of a wrap-up (a reload during wrap-up, or
    // no after-call work): the leader decides, as another tab's host may show it (§7.4).
    override wrapUpCall(call?: unknown): void {
      actions.ownWrapUp();
      if (call !== undefined) super.wrapUpCall(call);
      else status.endOrphanedWrapUp().catch((e: unknown) => onProblem(`ending the wrap-up failed: ${messageOf(e)}`));
    }
  })({ partner, status, clock });
  actions.watch(connector);
  if (deps.register !== false) initializeConnector(connector);
  const detachLoginForm = attachPageLoginForm(connector.loginFlow);

  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    work.flush();
    if (!leading) post({ t: 'bye', from: id });
    election.close();
    relayChannel.removeEventListener('message', onRelay);
    detachLoginForm();
    connector.dispose();
    stopLeading();
    status.dispose();
    // The switch disposes the partner it holds: the relay (the leader's partner is gone with stopLeading).
    partner.use(relay);
    partner.dispose();
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
