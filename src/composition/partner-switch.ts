/**
 * The partner the connector and the status sync hold for the page's whole life, while
 * the partner behind it may change: the one `/partner/mode` chooses (CONTRACT §3), and,
 * with several tabs, the leader's partner or the relay to it (`./instances/`).
 *
 * @remarks
 * The page is built before Salesforce sends the configuration, so the connector holds
 * this switch, which starts with a first partner (the embedded simulator: it keeps state
 * across reloads and fires due events before Salesforce connects; a follower tab's relay).
 * {@link PartnerSwitch.use} moves the subscribers to another partner and tells them
 * `resynced` (the new partner numbers its events afresh); with a chooser
 * ({@link chooseByMode}), `connect` first switches to the partner the configuration names
 * and disposes the one it replaces. Everything else is passed through, so the switch
 * keeps the seam's contract of whichever partner it holds.
 *
 * @example
 * ```ts
 * // A vendor's page entry: their partner in remote mode, the simulator otherwise.
 * startWhenLoaded(window, { partners: { remote: (context) => new AcmePartner(context) } });
 * ```
 */
import type { Clock } from '../platform/clock';
import type { KeyValueStore } from '../platform/storage';
import {
  PARTNER_COMMANDS,
  PARTNER_QUERIES,
  type ConnectionState,
  type ConnectOptions,
  type ConnectResult,
  type PartnerCapabilities,
  type PartnerCommand,
  type PartnerCredentials,
  type PartnerListener,
  type PartnerQuery,
  type PartnerTelephony,
} from '../partner/partner-telephony';
import { messageOf } from '../vocabulary/guards';

/** Every `/partner/mode` (CONTRACT §3); the type is derived from this list. */
export const PARTNER_MODES = ['embedded', 'remote'] as const;

/** A `/partner/mode`. */
export type PartnerMode = (typeof PARTNER_MODES)[number];

/** The config key that chooses the partner. */
export const PARTNER_MODE_KEY = '/partner/mode';

/** What a partner factory is given. */
export interface PartnerContext {
  readonly clock: Clock;
  readonly store: KeyValueStore;
}

/** Makes a partner (not connected yet: the connector calls `connect` with the configuration). */
export type PartnerFactory = (context: PartnerContext) => PartnerTelephony;

/** Factories by mode; a mode without one is refused with a logged reason. */
export type PartnerFactories = Readonly<Partial<Record<PartnerMode, PartnerFactory>>>;

/** The mode `/partner/mode` names, or why it cannot be used (then the default mode is kept). */
export function partnerModeOf(config: Readonly<Record<string, unknown>>, factories: PartnerFactories): PartnerMode | { problem: string } {
  const raw = config[PARTNER_MODE_KEY];
  if (raw === undefined || raw === null || raw === '') return 'embedded';
  const mode = PARTNER_MODES.find((m) => typeof raw === 'string' && raw.trim().toLowerCase() === m);
  if (mode === undefined) return { problem: `${PARTNER_MODE_KEY} must be one of ${PARTNER_MODES.join(', ')}` };
  if (factories[mode] === undefined) return { problem: `${PARTNER_MODE_KEY} ${mode} is not available in this build` };
  return mode;
}

/** Picks the partner for a configuration: the one to switch to, or `null` to keep the one held. */
export type PartnerChooser = (config: Readonly<Record<string, unknown>>) => PartnerTelephony | null;

/**
 * A chooser by `/partner/mode`: makes that mode's partner the first time the mode changes
 * (the switch starts in `embedded`); a mode that cannot be used is told to `onProblem`
 * and the partner held is kept.
 */
export function chooseByMode(factories: PartnerFactories, context: PartnerContext, onProblem: (message: string) => void): PartnerChooser {
  let mode: PartnerMode = 'embedded';
  return (config) => {
    const next = partnerModeOf(config, factories);
    if (typeof next !== 'string') onProblem(`${next.problem}; using ${mode}`);
    const make = typeof next === 'string' && next !== mode ? factories[next] : undefined;
    if (!make) return null;
    mode = next as PartnerMode;
    return make(context);
  };
}

/** What a {@link PartnerSwitch} needs. */
export interface PartnerSwitchOptions {
  /** The time that stamps the `resynced` of a switch. */
  readonly now: () => number;
  /** Told when a subscriber throws, or the chooser refuses a mode. */
  readonly onProblem: (message: string) => void;
  /** Picks the partner at `connect`; without one, `connect` goes to the partner held. */
  readonly choose?: PartnerChooser;
}

/** The queries and commands the switch passes through unchanged. */
const PASSED_THROUGH = [...PARTNER_QUERIES, ...PARTNER_COMMANDS];

// The queries and commands passed through to the partner held now: made once by the
// constructor (one loop instead of 28 wrappers in the bundle), typed by this merged interface.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PartnerSwitch extends Pick<PartnerTelephony, PartnerQuery | PartnerCommand> {}

/** The switch the connector holds. See the file comment. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PartnerSwitch implements PartnerTelephony {
  private current: PartnerTelephony;
  private readonly listeners = new Set<PartnerListener>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private detach: () => void;

  constructor(
    initial: PartnerTelephony,
    private readonly options: PartnerSwitchOptions,
  ) {
    this.current = initial;
    this.detach = this.attach(initial);
    for (const name of PASSED_THROUGH) {
      // Each reads `current` at call time, so a switch of partner needs no re-binding.
      (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]): unknown =>
        (this.current[name] as (...a: unknown[]) => unknown).apply(this.current, args);
    }
  }

  /** The partner held now. */
  get partner(): PartnerTelephony {
    return this.current;
  }

  get connectionState(): ConnectionState {
    return this.current.connectionState;
  }

  get capabilities(): PartnerCapabilities {
    return this.current.capabilities;
  }

  /**
   * Forwards to `next` from now on, its events included. Subscribers are told `resynced`
   * (their new baseline), and the connection state if it differs. The partner held before
   * is not disposed: whoever passed it in owns it.
   */
  use(next: PartnerTelephony): void {
    if (next === this.current) return;
    const state = this.current.connectionState;
    this.detach();
    this.current = next;
    this.detach = this.attach(next);
    this.listeners.forEach((l) => this.guarded(() => l({ type: 'resynced', seq: 0, at: this.options.now() })));
    if (next.connectionState !== state) this.stateListeners.forEach((l) => this.guarded(() => l(next.connectionState)));
  }

  /** Switches to the partner the chooser names for this configuration (disposing the one replaced), then connects it. */
  connect(options: ConnectOptions): Promise<ConnectResult> {
    const next = this.options.choose?.(options.config);
    if (next) {
      const replaced = this.current;
      this.use(next);
      replaced.dispose();
    }
    return this.current.connect(options);
  }

  login(credentials: PartnerCredentials): Promise<ConnectResult> {
    return this.current.login(credentials);
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops every subscriber and disposes the partner held now. */
  dispose(): void {
    this.detach();
    this.detach = () => undefined;
    this.current.dispose();
    this.listeners.clear();
    this.stateListeners.clear();
  }

  private guarded(run: () => void): void {
    try {
      run();
    } catch (e) {
      this.options.onProblem(`a partner listener failed: ${messageOf(e)}`);
    }
  }

  /** Forwards the partner's events and state changes to the switch's subscribers. */
  private attach(partner: PartnerTelephony): () => void {
    const offEvents = partner.subscribe((event) => this.listeners.forEach((l) => this.guarded(() => l(event))));
    const offState = partner.onConnectionStateChange((state) => this.stateListeners.forEach((l) => this.guarded(() => l(state))));
    return () => {
      offEvents();
      offState();
    };
  }
}
