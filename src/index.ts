/**
 * The adapter page's entry (`dist/connector.js`): builds the simulated partner, the status
 * sync and the connector, and registers the connector with the base library.
 *
 * @remarks
 * Run as the page's script it starts on `load` (at once if the page has already loaded).
 * Imported as a module (tests), it only exports {@link bootstrap}, whose dependencies are
 * injectable, and {@link startWhenLoaded}.
 *
 * ```
 *   clock ─┬─▶ SimulatedPartner ◀── control channel (BroadcastChannel "scv-partner-simulator")
 *   store ─┤        │   ▲                       ▲ postState on every sync decision
 *          └─▶ StatusSyncBridge ───────────────┘
 *                   │
 *               Connector ──▶ initializeConnector (waits for SETUP_CONNECTOR)
 * ```
 *
 * @example
 * ```ts
 * const page = bootstrap({ clock: fakeClock, store: new MemoryStore(), openChannel: () => null });
 * // … post SETUP_CONNECTOR to window, then drive page.partner …
 * page.dispose();
 * ```
 */
import { Connector } from './connector/connector';
import type { StatusBridge } from './connector/status-bridge';
import { StatusSyncBridge } from './connector/status-sync-bridge';
import { realClock, type Clock } from './platform/clock';
import { messageOf } from './platform/guards';
import { openStorage, type KeyValueStore } from './platform/storage';
import {
  attachControlChannel,
  CONTROL_CHANNEL_NAME,
  SimulatedPartner,
  type BroadcastChannelLike,
  type ControlChannel,
  type SimulatedPartnerOptions,
} from './partner/simulator';
import { initializeConnector, publishLog } from './salesforce/scv';

/** Log event type of the bootstrap's own log lines. */
export const BOOTSTRAP_LOG_EVENT = 'CONNECTOR_BOOTSTRAP';

/** What {@link bootstrap} may be given; everything defaults to the real page's. */
export interface BootstrapDeps {
  /** Time; default {@link realClock}. */
  readonly clock?: Clock;
  /** Persistence; default the page's `localStorage` through `openStorage` (one warning if it falls back to memory). */
  readonly store?: KeyValueStore;
  /** Opens the simulator's control channel; default `new BroadcastChannel(name)`, or none where it is missing. */
  readonly openChannel?: (name: string) => BroadcastChannelLike | null;
  /** Extra simulator options (ring timeout, call ids, directory …). */
  readonly partnerOptions?: Omit<Partial<SimulatedPartnerOptions>, 'clock' | 'store'>;
}

/** Everything {@link bootstrap} built, for tests and for tearing the page down. */
export interface Page {
  readonly clock: Clock;
  readonly store: KeyValueStore;
  readonly partner: SimulatedPartner;
  readonly status: StatusBridge;
  readonly connector: Connector;
  /** `null` where `BroadcastChannel` is unavailable. */
  readonly control: ControlChannel | null;
  /** Detaches the control channel and stops the partner's and connector's timers. */
  dispose(): void;
}

function defaultOpenChannel(name: string): BroadcastChannelLike | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
}

function warnStorage(reason: string): void {
  publishLog(BOOTSTRAP_LOG_EVENT, { message: `storage unavailable, running from memory: ${reason}` }, true);
}

/**
 * Builds the page's objects and registers the connector with the base library.
 *
 * @remarks
 * Never throws for a missing `BroadcastChannel` or unusable storage: both are logged and
 * the connector works without them.
 */
export function bootstrap(deps: BootstrapDeps = {}): Page {
  const clock = deps.clock ?? realClock;
  const store = deps.store ?? openStorage(warnStorage);
  const partner = new SimulatedPartner({ ...deps.partnerOptions, clock, store });
  const status = new StatusSyncBridge({ partner, clock, store });
  const connector = new Connector({ partner, status, clock });

  let control: ControlChannel | null = null;
  let channel: BroadcastChannelLike | null = null;
  try {
    channel = (deps.openChannel ?? defaultOpenChannel)(CONTROL_CHANNEL_NAME);
  } catch (e) {
    publishLog(BOOTSTRAP_LOG_EVENT, { message: `control channel unavailable: ${messageOf(e)}` }, true);
  }
  if (channel === null) {
    publishLog(BOOTSTRAP_LOG_EVENT, { message: 'no BroadcastChannel: the simulator has no remote control' }, true);
  } else {
    // STATE goes out after the current task: Salesforce's answers never wait for it.
    control = attachControlChannel({ partner, channel, syncView: () => status.view(), later: (post) => clock.setTimeout(post, 0) });
  }
  const stopStateUpdates = control === null ? () => undefined : status.onChange(() => control?.postState());

  initializeConnector(connector);
  // The sync log is written a tick after each decision; write it before the page goes.
  const flush = (): void => status.flush();
  globalThis.addEventListener?.('pagehide', flush);

  return {
    clock,
    store,
    partner,
    status,
    connector,
    control,
    dispose(): void {
      globalThis.removeEventListener?.('pagehide', flush);
      status.flush();
      stopStateUpdates();
      control?.detach();
      connector.dispose();
      partner.dispose();
    },
  };
}

/** The part of `window` {@link startWhenLoaded} needs. */
export interface LoadTarget {
  readonly document: { readonly readyState: string };
  addEventListener(type: 'load', listener: () => void): void;
}

/** Runs {@link bootstrap} on `load`, or at once if the page has already loaded. */
export function startWhenLoaded(target: LoadTarget, deps: BootstrapDeps = {}): void {
  if (target.document.readyState === 'complete') {
    bootstrap(deps);
  } else {
    target.addEventListener('load', () => bootstrap(deps));
  }
}
