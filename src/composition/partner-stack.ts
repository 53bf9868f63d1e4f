/**
 * The partner side of one running connector, built the same way by a lone page
 * (`./bootstrap`) and by the instance that leads several tabs (`./instances/leader`): the
 * embedded simulator, the partner `/partner/mode` chooses (the simulator, or a networked
 * one), the status sync over it, and the simulator's control channel, which posts `STATE`
 * after every sync decision.
 */
import { StatusSyncBridge } from '../connector/status-sync-bridge';
import { remotePartnerFactory } from '../partner/remote/remote-partner';
import { SimulatedPartner, type SimulatedPartnerOptions, type SimulatorLog } from '../partner/simulator/simulated-partner';
import type { Clock } from '../platform/clock';
import type { KeyValueStore } from '../platform/storage';
import { messageOf } from '../vocabulary/guards';
import { attachControlChannel, CONTROL_CHANNEL_NAME, type BroadcastChannelLike, type ControlChannel } from './control-channel';
import { chooseByMode, PartnerSwitch, type PartnerFactories } from './partner-switch';

/**
 * The partner factories of this build by `/partner/mode`, besides the embedded simulator
 * (which each stack makes itself): every start path uses these unless its `partners` say otherwise.
 */
export const BUILT_IN_PARTNERS: PartnerFactories = { remote: remotePartnerFactory() };

/** The factories a stack uses: the embedded simulator, this build's, then `extra` (tests', a vendor's). */
export function partnerFactories(embedded: SimulatedPartner, extra: PartnerFactories | undefined): PartnerFactories {
  return { embedded: () => embedded, ...BUILT_IN_PARTNERS, ...extra };
}

/** What {@link buildPartnerStack} needs: the page's clock, store, logging and deferral. */
export interface PartnerStackDeps {
  readonly clock: Clock;
  readonly store: KeyValueStore;
  readonly log: SimulatorLog;
  /** Runs a job after the current task (`DeferredWork`): `STATE` never delays an answer to Salesforce. */
  readonly later: (job: () => void) => void;
  /** Reports what goes wrong outside any request (to the caller's log event). */
  readonly onProblem: (message: string) => void;
  /** Opens the simulator's control channel; `null` where there is no `BroadcastChannel`. */
  readonly open: (name: string) => BroadcastChannelLike | null;
  /** Extra simulator options (ring timeout, call ids, directory …). */
  readonly partnerOptions?: Omit<Partial<SimulatedPartnerOptions>, 'clock' | 'store'> | undefined;
  /** Partner factories by `/partner/mode` (CONTRACT §3) beyond the built-in ones. */
  readonly partners?: PartnerFactories | undefined;
}

/** What {@link buildPartnerStack} built; {@link PartnerStack.dispose} ends all of it. */
export interface PartnerStack {
  /** The embedded simulator (the control channel's target; the partner in `embedded` mode). */
  readonly simulator: SimulatedPartner;
  /** The partner the connector holds: the one `/partner/mode` chose. */
  readonly partner: PartnerSwitch;
  readonly status: StatusSyncBridge;
  /** `null` where the control channel could not be opened (already reported to `onProblem`). */
  readonly control: ControlChannel | null;
  dispose(): void;
}

/** Builds the partner, the status sync and the control channel. Never throws for a missing channel. */
export function buildPartnerStack(deps: PartnerStackDeps): PartnerStack {
  const { clock, store, log, later, onProblem } = deps;
  const simulator = new SimulatedPartner({ log, ...deps.partnerOptions, clock, store });
  const choose = chooseByMode(partnerFactories(simulator, deps.partners), { clock, store }, onProblem);
  const partner = new PartnerSwitch(simulator, { now: () => clock.now(), onProblem, choose });
  const status = new StatusSyncBridge({ partner, clock, store, log, later });
  const control = openControl(deps, simulator, partner, status);
  const stopStateUpdates = control === null ? null : status.onChange(() => control.postState());
  return {
    simulator,
    partner,
    status,
    control,
    dispose(): void {
      stopStateUpdates?.();
      control?.detach();
      status.dispose();
      partner.dispose();
    },
  };
}

function openControl(deps: PartnerStackDeps, simulator: SimulatedPartner, partner: PartnerSwitch, status: StatusSyncBridge): ControlChannel | null {
  const { later, clock, onProblem } = deps;
  try {
    const channel = deps.open(CONTROL_CHANNEL_NAME);
    if (channel !== null) return attachControlChannel({ partner: simulator, mirror: partner, channel, syncView: () => status.view(), later, clock });
    onProblem('no BroadcastChannel: the simulator has no remote control');
  } catch (e) {
    onProblem(`control channel unavailable: ${messageOf(e)}`);
  }
  return null;
}
