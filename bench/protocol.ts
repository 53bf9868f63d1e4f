/**
 * What the bench host page and the bench adapter page say to each other, and what the
 * host page exposes to the Node runner.
 *
 * @remarks
 * The host hands the adapter frame a MessagePort with a `BENCH_CONTROL` window message
 * (the base library ignores window messages other than `SETUP_CONNECTOR`). Over that
 * port it asks the frame to change the partner's status (our path) or to call the base
 * library's `publishEvent` directly (the floor). Both go through the same hop, so the
 * round trip measured in the host differs only by what the connector does.
 */

/** Window message type carrying the control port to the adapter frame. */
export const BENCH_CONTROL = 'BENCH_CONTROL';

/** A request over the control port. */
export type ControlRequest =
  | { readonly op: 'partner'; readonly status: string }
  | { readonly op: 'floor'; readonly statusId: string };

/** Round-trip samples in milliseconds, by path. */
export interface RoundTrips {
  ours: number[];
  floor: number[];
}

/** The host page's `window.__bench`, driven by the runner through playwright. */
export interface BenchHost {
  /** Whether the host page is cross-origin isolated (microsecond `performance.now()`). */
  isolated(): boolean;
  /** Adds an iframe `id` loading `path` of the connector origin; resolves on its load event. */
  mount(id: string, path: string): Promise<void>;
  /** Removes iframe `id`. */
  unmount(id: string): void;
  /** Posts SETUP_CONNECTOR to frame `id`; resolves with ms until CONNECTOR_READY. */
  setup(id: string, connectorConfig: Record<string, unknown>): Promise<number>;
  /** Loads `path` in a fresh iframe, sets it up on load; ms from setting `src` to CONNECTOR_READY. */
  coldStart(path: string, connectorConfig: Record<string, unknown>): Promise<number>;
  /** Hands frame `id` its control port. */
  attachControl(id: string): void;
  /** Partner → Omni round trips in frame `id`, interleaved with the floor in random order. */
  partnerToOmni(id: string, plan: PlanOptions, partnerStatuses: readonly string[], statusIds: readonly string[]): Promise<RoundTrips>;
  /** Omni → partner round trips: SET_AGENT_STATUS to frame `oursId` or `floorId` until SET_AGENT_STATUS_RESULT. */
  omniToPartner(oursId: string, floorId: string, plan: PlanOptions, statusIds: readonly string[]): Promise<RoundTrips>;
  /** Messages frame `id` posted so far (types only, for diagnostics). */
  received(id: string): string[];
}

/** How many samples, in which random order. */
export interface PlanOptions {
  samples: number;
  warmup: number;
  seed: number;
  /** Silence after a sample's awaited message before the next sample starts. */
  quietMs: number;
  /** Only this path (the profile mode profiles each path alone); default both, interleaved. */
  only?: 'ours' | 'floor';
}
