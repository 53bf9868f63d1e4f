/**
 * What an instance runs while it leads (CONTRACT §6): the one partner, the one status
 * sync, the relay endpoint for the followers, the simulator's control channel, and the
 * store whose writes reach the followers' mirrors.
 *
 * @remarks
 * The partner is the one `/partner/mode` chooses, exactly as a lone page's
 * ({@link chooseByMode} over the page's factories): the embedded simulator, or a vendor's
 * networked partner (`remote`). Nothing here depends on which: followers see the
 * partner's mirror and connection state through {@link PartnerHost}. The seam has no
 * event for some changes (hold, mute, recording): {@link Leader.onChange} tells of them
 * from the simulator's commit and from every command's completion (a networked partner's
 * mirror shows a command's effect when it resolves). A leader that takes
 * over after its own `SETUP_CONNECTOR` came connects its partner with that configuration
 * at once (the connector connected the relay then, not this partner).
 */
import { PARTNER_COMMANDS } from '../../partner/partner-telephony';
import type { SimulatedPartner, SimulatorLog } from '../../partner/simulator/simulated-partner';
import type { Clock } from '../../platform/clock';
import { WriteBehindStore, type KeyValueStore } from '../../platform/storage';
import { publishLog } from '../../salesforce/scv';
import { messageOf } from '../../vocabulary/guards';
import type { BootstrapDeps } from '../bootstrap';
import type { BroadcastChannelLike } from '../control-channel';
import type { PartnerSwitch } from '../partner-switch';
import { buildPartnerStack, type PartnerStack } from '../partner-stack';
import type { InstanceStatusBridge } from './instance-status-bridge';
import { PartnerHost } from './partner-host';
import { ReplicatedStore, seedStore } from './replicated-store';

/** Log event type of the instance coordination's lines. */
export const INSTANCES_LOG_EVENT = 'CONNECTOR_INSTANCES';

/** What a {@link Leader} is built from: the page's parts. */
export interface LeaderDeps extends Pick<BootstrapDeps, 'partnerOptions' | 'partners'> {
  readonly id: string;
  readonly clock: Clock;
  readonly later: (job: () => void) => void;
  readonly log: SimulatorLog;
  /** The page's storage (`localStorage`, or memory where the frame may not use it). */
  readonly store: KeyValueStore;
  /** The state this instance mirrored as a follower: written into `store` first. */
  readonly mirror: ReadonlyMap<string, string | null>;
  readonly relay: BroadcastChannelLike;
  readonly post: (message: unknown) => void;
  readonly open: (name: string) => BroadcastChannelLike | null;
  /** The instance's status bridge: leads with this leader's sync from now on. */
  readonly status: InstanceStatusBridge;
  /** This instance's host shows the agent's wrap-up. */
  readonly holdsWrapUp: boolean;
}

/** The leader's parts, built at once; {@link Leader.dispose} when the instance stops leading. */
export class Leader {
  /** The embedded simulator (the control commands' target). */
  readonly simulator: SimulatedPartner;
  /** The one partner: the simulator, or the partner `/partner/mode` chose at `connect`. */
  readonly partner: PartnerSwitch;
  readonly host: PartnerHost;
  private readonly stack: PartnerStack;
  private readonly replicated: ReplicatedStore;
  private readonly stops: (() => void)[];
  private readonly changeListeners = new Set<() => void>();

  constructor(deps: LeaderDeps) {
    const { id, clock, later, log, status } = deps;
    seedStore(deps.store, deps.mirror);
    this.replicated = new ReplicatedStore(deps.store, (entries) => deps.post({ t: 'store', entries }));
    const store = new WriteBehindStore(this.replicated, later);
    const onProblem = (message: string): void => publishLog(INSTANCES_LOG_EVENT, { message }, true);
    this.stack = buildPartnerStack({ clock, store, log, later, onProblem, open: deps.open, partnerOptions: deps.partnerOptions, partners: deps.partners });
    const { simulator, partner, status: bridge } = this.stack;
    this.simulator = simulator;
    this.partner = partner;
    const changed = (): void => this.changeListeners.forEach((l) => l());
    afterEachCommand(this.partner, changed);
    simulator.onChange(changed);
    let configured = false;
    const configure = (config: Readonly<Record<string, unknown>>): void => {
      configured = true;
      bridge.configure(config);
    };
    this.host = new PartnerHost({
      id,
      partner: this.partner,
      status: bridge,
      channel: deps.relay,
      clock,
      later,
      holdsWrapUp: deps.holdsWrapUp,
      // A follower's config configures the sync only while the leader has none of its own yet.
      configureOnce: (config) => {
        if (!configured) configure(config);
      },
      onChange: (listener) => this.onChange(listener),
    });
    this.stops = [status.lead(bridge, this.host, configure)];
    if (status.config !== null) {
      configure(status.config);
      this.partner.connect({ config: status.config }).catch((e: unknown) => onProblem(`the partner did not connect: ${messageOf(e)}`));
    }
    deps.post({ t: 'store', entries: this.replicated.entries() });
  }

  /**
   * Subscribes to every change of the partner's mirror, also those without a seam event:
   * the simulator's commits and every command's completion (whichever partner leads).
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every key this leader knows, with its value: what a joining follower is sent. */
  storeEntries(): readonly (readonly [string, string | null])[] {
    return this.replicated.entries();
  }

  /** Stops leading: the followers get what is queued, then the sync and the partner end. */
  dispose(): void {
    this.changeListeners.clear();
    for (const stop of this.stops) stop();
    this.host.dispose();
    this.stack.dispose();
  }
}

/** Calls `done` when each of `partner`'s commands settles, before its caller's continuation runs. */
function afterEachCommand(partner: PartnerSwitch, done: () => void): void {
  const commands = partner as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const op of PARTNER_COMMANDS) {
    const command = commands[op]!;
    commands[op] = (...args) => {
      const result = command(...args);
      void result.then(done, done);
      return result;
    };
  }
}
