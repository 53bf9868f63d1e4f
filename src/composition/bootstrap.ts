/**
 * The composition root: builds the simulated partner, the status sync and the connector,
 * wires the simulator's control channel, and registers the connector with the base library.
 *
 * @remarks
 * `src/main.ts` runs {@link startWhenLoaded} as the page's script; tests import
 * {@link bootstrap} (through `src/index.ts`), whose dependencies are injectable.
 *
 * ```
 *   clock ─┬─▶ SimulatedPartner ◀── control channel (BroadcastChannel "scv-partner-simulator")
 *   store ─┤        ▲  (embedded)                ▲ postState on every sync decision
 *          │   PartnerSwitch ◀── factories by /partner/mode (deps.partners)
 *          │        ▲                            │
 *          └─▶ StatusSyncBridge ────────────────┘
 *                   │
 *               Connector ──▶ initializeConnector (waits for SETUP_CONNECTOR; init connects the partner)
 *                   ▲ loginFlow
 *               login form (src/page/: shown when init answers showLogin)
 * ```
 *
 * @example
 * ```ts
 * const page = bootstrap({ clock: fakeClock, store: new MemoryStore(), openChannel: () => null });
 * // … post SETUP_CONNECTOR to window, then drive page.partner …
 * page.dispose();
 * ```
 */
import { Connector } from '../connector/connector';
import type { StatusBridge } from '../connector/status-bridge';
import type { SimulatedPartner, SimulatedPartnerOptions } from '../partner/simulator/simulated-partner';
import { realClock, type Clock } from '../platform/clock';
import { DeferredWork } from '../platform/deferred-work';
import { openStorage, WriteBehindStore, type KeyValueStore } from '../platform/storage';
import { initializeConnector, publishLog } from '../salesforce/scv';
import { attachPageLoginForm } from '../page/login-form';
import { messageOf } from '../vocabulary/guards';
import type { BroadcastChannelLike, ControlChannel } from './control-channel';
import type { PartnerFactories, PartnerSwitch } from './partner-switch';
import { buildPartnerStack } from './partner-stack';

/** Log event type of the bootstrap's own log lines. */
export const BOOTSTRAP_LOG_EVENT = 'CONNECTOR_BOOTSTRAP';

export { BUILT_IN_PARTNERS, partnerFactories } from './partner-stack';

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
  /**
   * Partner factories by `/partner/mode` (CONTRACT §3), e.g. `{ remote: (context) => new
   * AcmePartner(context) }`; `embedded` is the simulator unless given.
   */
  readonly partners?: PartnerFactories;
}

/** Everything {@link bootstrap} built, for tests and for tearing the page down. */
export interface Page {
  readonly clock: Clock;
  readonly store: KeyValueStore;
  /** The embedded simulator (made at once; the partner in `embedded` mode). */
  readonly partner: SimulatedPartner;
  /** The partner the connector holds: the one `/partner/mode` chose. */
  readonly partners: PartnerSwitch;
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
  publishLog(BOOTSTRAP_LOG_EVENT, { message: `storage: ${reason}` }, true);
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
  // What need not come before an answer to Salesforce (log lines of status changes,
  // STATE, storage writes) runs after the current task, and at once on pagehide.
  const work = new DeferredWork(clock, (e) => publishLog(BOOTSTRAP_LOG_EVENT, { message: `deferred work failed: ${messageOf(e)}` }, true));
  const later = (job: () => void): void => work.defer(job);
  const log = (eventType: string, payload: Record<string, unknown>, isError: boolean): void => later(() => publishLog(eventType, payload, isError));
  const store = new WriteBehindStore(deps.store ?? openStorage(warnStorage), later);
  const onProblem = (message: string): void => publishLog(BOOTSTRAP_LOG_EVENT, { message }, true);
  const open = deps.openChannel ?? defaultOpenChannel;
  const stack = buildPartnerStack({ clock, store, log, later, onProblem, open, partnerOptions: deps.partnerOptions, partners: deps.partners });
  const { simulator: partner, partner: partners, status, control } = stack;
  const connector = new Connector({ partner: partners, status, clock });

  // The adapter page's login form, shown when init answers showLogin (or after LOGOUT).
  const detachLoginForm = attachPageLoginForm(connector.loginFlow);
  initializeConnector(connector);
  // Deferred writes and log lines are done before the page goes (a reload keeps them).
  const flush = (): void => work.flush();
  globalThis.addEventListener?.('pagehide', flush);

  return {
    clock,
    store,
    partner,
    partners,
    status,
    connector,
    control,
    dispose(): void {
      globalThis.removeEventListener?.('pagehide', flush);
      detachLoginForm();
      connector.dispose();
      stack.dispose();
      work.close();
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
