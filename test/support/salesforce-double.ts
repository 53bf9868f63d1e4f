/**
 * A test double of Salesforce's side of the scv-connector-base 3.6.2 protocol.
 *
 * @remarks
 * It does what the Salesforce host page does: loads the connector page, posts
 * `SETUP_CONNECTOR` to `window` from a Salesforce origin with `connectorConfig` and a
 * `MessagePort`, then talks over that port. Everything the connector posts back is
 * recorded in order: `CONNECTOR_READY`, `TELEPHONY_EVENT_DISPATCHED` (as
 * {@link ReceivedEvent}s) and `LOG` (as {@link ReceivedLog}s).
 *
 * ONE DOUBLE PER PAGE LOAD. The base library keeps module-level state (its port, the
 * registered connector) and accepts `SETUP_CONNECTOR` once per load, so
 * {@link SalesforceDouble.start} loads a fresh copy of the library and of `src/`
 * (`jest.isolateModules`) every time. Consequences:
 * - Import `src/` *types* freely, but reach the page's *objects* through
 *   {@link SalesforceDouble.page} (or {@link SalesforceDouble.fresh} for classes): a
 *   class imported at the top of a test file is a different class from the page's copy.
 * - A reload is `close()` then `start()` again with the same `store` (and `clock`).
 * - Always `close()` (e.g. in `afterEach`): Node's `MessagePort`s keep jest alive.
 *
 * Timing: port messages arrive asynchronously. {@link SalesforceDouble.settle} waits
 * until the port has been quiet for a few round trips (and fires timers due *now* on a
 * {@link FakeClock}: the connector defers `AFTER_CALL_WORK_STARTED` by one 0 ms timer),
 * so a test can assert an exact sequence with {@link SalesforceDouble.eventTypesSinceMark}.
 * `send()` sets the mark; call {@link SalesforceDouble.mark} yourself before driving the
 * partner.
 *
 * @example
 * ```ts
 * const sf = await SalesforceDouble.start();
 * sf.mark();
 * sf.page.partner.incomingCall(CUSTOMER_NUMBER);
 * await sf.settle();
 * expect(sf.eventTypesSinceMark()).toEqual(['CALL_STARTED']);
 * sf.close();
 * ```
 */
import type { BootstrapDeps, Page } from '../../src/index';
import type { KeyValueStore } from '../../src/platform/storage';
import { FakeClock } from './fake-clock';

/** A Salesforce origin the base library accepts. */
export const SALESFORCE_ORIGIN = 'https://acme.lightning.force.com';

/** Omni-Channel statusIds of {@link DEFAULT_CONNECTOR_CONFIG}. */
export const STATUS = {
  OFFLINE: '0',
  AVAILABLE: '0N5xx0000004CSO',
  AWAY: '0N5xx0000004D56',
  BUSY: '0N5xx0000004D3U',
} as const;

/** `userPresenceStatuses` as Salesforce sends it (a JSON string, string booleans): the guide's example. */
export const PRESENCE_STATUSES_JSON = JSON.stringify({
  [STATUS.OFFLINE]: { statusName: 'Offline', hasChannels: 'false', isOffline: 'true', statusId: STATUS.OFFLINE },
  [STATUS.AVAILABLE]: { statusName: 'Available', hasChannels: 'true', isOffline: 'false', statusId: STATUS.AVAILABLE },
  [STATUS.AWAY]: { statusName: 'Away', hasChannels: 'false', isOffline: 'false', statusId: STATUS.AWAY },
  [STATUS.BUSY]: { statusName: 'Busy', hasChannels: 'false', isOffline: 'false', statusId: STATUS.BUSY },
});

/** A realistic `callCenterConfig` (the example status map of CONTRACT §3). */
export const DEFAULT_CONNECTOR_CONFIG: Readonly<Record<string, unknown>> = {
  '/reqGeneralInfo/reqInternalName': 'ScvPartnerContactCenter',
  '/reqGeneralInfo/reqVendorInfoApiName': 'ScvPartnerTelephony',
  userPresenceStatuses: PRESENCE_STATUSES_JSON,
  '/statusSync/statusMap': 'Available=AVAILABLE; Away=BREAK; Busy=MEETING',
};

/**
 * A payload as Salesforce receives it: structured-cloned data that tests read field by field.
 *
 * @remarks The one loosely typed thing in the tests, on purpose: the library's payloads
 * have no declared types, and asserting on them is the point of the double.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Payload = any;

/** A `TELEPHONY_EVENT_DISPATCHED` as Salesforce receives it. */
export interface ReceivedEvent {
  readonly type: string;
  readonly payload: Payload;
}

/** A `LOG` message as Salesforce receives it. */
export interface ReceivedLog {
  readonly eventType: string;
  readonly payload: Payload;
  readonly isError: boolean;
}

/** Any message received on the port, in order. */
export interface ReceivedMessage {
  readonly type: string;
  readonly payload: Payload;
}

/** The page modules of one fresh load. */
export interface FreshModules {
  readonly index: typeof import('../../src/index');
  readonly scv: typeof import('../../src/salesforce/scv');
  readonly connector: typeof import('../../src/connector/connector');
  readonly connectorLog: typeof import('../../src/connector/connector-log');
  readonly simulator: typeof import('../../src/partner/simulator/simulated-partner');
  readonly storage: typeof import('../../src/platform/storage');
}

/** What a custom page build returns (see {@link StartOptions.build}). */
export interface CustomPage {
  readonly connector: Parameters<FreshModules['scv']['initializeConnector']>[0];
  dispose?(): void;
}

/** Options of {@link SalesforceDouble.start}. */
export interface StartOptions {
  /** `connectorConfig` of `SETUP_CONNECTOR`; default {@link DEFAULT_CONNECTOR_CONFIG}. */
  readonly connectorConfig?: unknown;
  /** Origin of `SETUP_CONNECTOR`; default {@link SALESFORCE_ORIGIN}. */
  readonly origin?: string;
  /** Default: a new {@link FakeClock}. */
  readonly clock?: FakeClock;
  /** Default: a new `MemoryStore` (pass the previous double's `store` to simulate a reload). */
  readonly store?: KeyValueStore;
  /** Control channel factory for `bootstrap`; default: none. */
  readonly openChannel?: BootstrapDeps['openChannel'];
  /** Simulator options; default `initialStatus: 'AVAILABLE'` and ids `call-1`, `call-2`, … */
  readonly partnerOptions?: BootstrapDeps['partnerOptions'];
  /** Partner factories by `/partner/mode` for `bootstrap`; default: the simulator only. */
  readonly partners?: BootstrapDeps['partners'];
  /**
   * Builds the page yourself inside the fresh module registry instead of `bootstrap()`;
   * the double registers the returned connector with the fresh library.
   */
  readonly build?: (fresh: FreshModules, deps: { clock: FakeClock; store: KeyValueStore }) => CustomPage;
  /** Wait for `CONNECTOR_READY` before resolving; default `true`. */
  readonly waitForReady?: boolean;
  /** Runs after the page is built and before `SETUP_CONNECTOR` is posted (e.g. a hostile frame's messages). */
  readonly beforeSetup?: () => void;
  /** Silence the base library's `console.error`/`console.info` while the double runs; default `true`. */
  readonly quietConsole?: boolean;
}

// Real time, only to catch a message that never comes: generous, because a mutation run's
// instrumented code on a loaded 2-core machine takes seconds over a 5 MiB configuration.
const WAIT_MS = 10_000;
const SENTINEL = '__salesforce_double_flush__';

/** Ids `prefix-1`, `prefix-2`, … */
export function sequentialIds(prefix = 'call'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** Salesforce's side of one page load. */
export class SalesforceDouble {
  private readonly received: ReceivedMessage[] = [];
  private markIndex = 0;
  private readonly waiters = new Set<() => void>();
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 0;
  private closed = false;
  private readonly restoreConsole: (() => void)[] = [];

  private constructor(
    /** The fresh modules of this load. */
    readonly fresh: FreshModules,
    /** The page `bootstrap()` built; `null` with a custom `build`. */
    private readonly builtPage: Page | null,
    private readonly custom: CustomPage | null,
    /** The clock everything on the page runs on. */
    readonly clock: FakeClock,
    /** The page's store (reuse it to reload). */
    readonly store: KeyValueStore,
    private readonly channel: MessageChannel,
  ) {
    channel.port2.onmessage = (event: MessageEvent) => this.receive(event.data);
  }

  /**
   * Loads a fresh page, posts `SETUP_CONNECTOR`, and (by default) waits for `CONNECTOR_READY`.
   */
  static async start(options: StartOptions = {}): Promise<SalesforceDouble> {
    let fresh: FreshModules | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh copy per load needs require inside isolateModules */
      fresh = {
        index: require('../../src/index'),
        scv: require('../../src/salesforce/scv'),
        connector: require('../../src/connector/connector'),
        connectorLog: require('../../src/connector/connector-log'),
        simulator: require('../../src/partner/simulator/simulated-partner'),
        storage: require('../../src/platform/storage'),
      };
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    const modules = fresh!;
    const clock = options.clock ?? new FakeClock();
    const store = options.store ?? new modules.storage.MemoryStore();
    const restore: (() => void)[] = [];
    if (options.quietConsole !== false) {
      for (const method of ['error', 'info'] as const) {
        const spy = jest.spyOn(console, method).mockImplementation(() => undefined);
        restore.push(() => spy.mockRestore());
      }
    }
    let page: Page | null = null;
    let custom: CustomPage | null = null;
    if (options.build) {
      custom = options.build(modules, { clock, store });
      modules.scv.initializeConnector(custom.connector);
    } else {
      page = modules.index.bootstrap({
        clock,
        store,
        openChannel: options.openChannel ?? (() => null),
        partnerOptions: { initialStatus: 'AVAILABLE', idFactory: sequentialIds(), ...options.partnerOptions },
        ...(options.partners ? { partners: options.partners } : {}),
      });
    }
    const double = new SalesforceDouble(modules, page, custom, clock, store, new MessageChannel());
    double.restoreConsole.push(...restore);
    options.beforeSetup?.();
    double.setup(options.connectorConfig === undefined ? DEFAULT_CONNECTOR_CONFIG : options.connectorConfig, options.origin ?? SALESFORCE_ORIGIN);
    if (options.waitForReady !== false) await double.waitForMessage('CONNECTOR_READY');
    return double;
  }

  /** The page `bootstrap()` built (throws with a custom `build`). */
  get page(): Page {
    if (!this.builtPage) throw new Error('this double was started with a custom build; it has no bootstrap Page');
    return this.builtPage;
  }

  /** Posts `SETUP_CONNECTOR` as the Salesforce host does (jsdom's MessageEvent rejects Node ports, so a plain Event carries them). */
  private setup(connectorConfig: unknown, origin: string): void {
    const event = new Event('message');
    Object.defineProperties(event, {
      data: { value: { type: 'SETUP_CONNECTOR', connectorConfig } },
      origin: { value: origin },
      ports: { value: [this.channel.port1] },
    });
    window.dispatchEvent(event);
  }

  // ───────────────────────────── sending ─────────────────────────────

  /** Sends a channel message `{ type, ...data }` to the connector; sets the mark first. */
  send(type: string, data: Record<string, unknown> = {}): void {
    this.mark();
    this.channel.port2.postMessage({ type, ...data });
  }

  /** Sends a message and waits for the first event of `eventType` it causes. */
  async request(type: string, data: Record<string, unknown>, eventType: string): Promise<Payload> {
    this.send(type, data);
    return this.waitForEvent(eventType);
  }

  // ───────────────────────────── reading ─────────────────────────────

  /** Everything received, in order. */
  messages(): readonly ReceivedMessage[] {
    return [...this.received];
  }

  /** The `CONNECTOR_READY` payload (throws if none arrived). */
  ready(): Payload {
    const message = this.received.find((m) => m.type === 'CONNECTOR_READY');
    if (!message) throw new Error('CONNECTOR_READY has not arrived');
    return message.payload;
  }

  /** All telephony events, in order. */
  events(): readonly ReceivedEvent[] {
    return this.received.filter((m) => m.type === 'TELEPHONY_EVENT_DISPATCHED').map(toEvent);
  }

  /** Telephony events since the mark. */
  eventsSinceMark(): readonly ReceivedEvent[] {
    return this.received.slice(this.markIndex).filter((m) => m.type === 'TELEPHONY_EVENT_DISPATCHED').map(toEvent);
  }

  /** Types of the telephony events since the mark, in order. */
  eventTypesSinceMark(): readonly string[] {
    return this.eventsSinceMark().map((e) => e.type);
  }

  /** All `LOG` messages, in order. */
  logs(): readonly ReceivedLog[] {
    return this.received.filter((m) => m.type === 'LOG').map((m) => m.payload as ReceivedLog);
  }

  /** `LOG` messages with `isError: true`. */
  errors(): readonly ReceivedLog[] {
    return this.logs().filter((l) => l.isError);
  }

  /** `LOG` messages the connector and the bootstrap emitted themselves (`ConnectorLog` event types). */
  connectorLogs(): readonly ReceivedLog[] {
    const own = new Set<string>([...Object.values(this.fresh.connectorLog.ConnectorLog), this.fresh.index.BOOTSTRAP_LOG_EVENT]);
    return this.logs().filter((l) => own.has(l.eventType));
  }

  /** Starts a new "since mark" window at the current end of the received messages. */
  mark(): void {
    this.markIndex = this.received.length;
  }

  /** The first event of `type` since the mark; waits for it (fails after 2 s with what did arrive). */
  async waitForEvent(type: string): Promise<Payload> {
    const found = await this.waitFor(
      () => this.eventsSinceMark().find((e) => e.type === type),
      () => `telephony event ${type} (since mark: ${JSON.stringify(this.eventTypesSinceMark())})`,
    );
    return found.payload;
  }

  /** The first message of `type` (any time); waits for it. */
  async waitForMessage(type: string): Promise<Payload> {
    const found = await this.waitFor(
      () => this.received.find((m) => m.type === type),
      () => `message ${type} (received: ${JSON.stringify(this.received.map((m) => m.type))})`,
    );
    return found.payload;
  }

  /** The first `LOG` of `eventType` since the mark; waits for it. */
  async waitForLog(eventType: string): Promise<ReceivedLog> {
    return this.waitFor(
      () => this.received.slice(this.markIndex).filter((m) => m.type === 'LOG').map((m) => m.payload as ReceivedLog).find((l) => l.eventType === eventType),
      () => `LOG ${eventType}`,
    );
  }

  /**
   * Waits until nothing more is on its way: round trips through the port until two in a
   * row bring nothing new, firing timers due now on the fake clock each round.
   */
  async settle(): Promise<void> {
    let quietRounds = 0;
    while (quietRounds < 3) {
      const before = this.received.length;
      this.clock.advance(0);
      await this.roundTrip();
      quietRounds = this.received.length === before ? quietRounds + 1 : 0;
    }
  }

  /** Closes the ports and disposes the page. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.builtPage?.dispose();
    this.custom?.dispose?.();
    this.channel.port1.close();
    this.channel.port2.close();
    for (const restore of this.restoreConsole) restore();
    for (const wake of this.waiters) wake();
    for (const flushed of this.flushes.values()) flushed();
    this.flushes.clear();
  }

  // ───────────────────────────── internals ─────────────────────────────

  private receive(data: unknown): void {
    if (typeof data === 'object' && data !== null && SENTINEL in data) {
      const id = (data as Record<string, number>)[SENTINEL]!;
      this.flushes.get(id)?.();
      this.flushes.delete(id);
      return;
    }
    const message = (typeof data === 'object' && data !== null ? data : { type: String(data) }) as ReceivedMessage;
    this.received.push(message);
    for (const wake of [...this.waiters]) wake();
  }

  private roundTrip(): Promise<void> {
    return new Promise((resolve) => {
      setTimeout(() => {
        if (this.closed) return resolve();
        // Posted from the library's end of the channel, so it arrives after everything the library posted before.
        const id = this.nextFlush++;
        this.flushes.set(id, resolve);
        this.channel.port1.postMessage({ [SENTINEL]: id });
      }, 0);
    });
  }

  private waitFor<T>(find: () => T | undefined, describe: () => string): Promise<T> {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`SalesforceDouble: timed out waiting for ${describe()}`));
      }, WAIT_MS);
      const check = (): void => {
        const found = find();
        if (found === undefined && !this.closed) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (found === undefined) reject(new Error(`SalesforceDouble closed while waiting for ${describe()}`));
        else resolve(found);
      };
      this.waiters.add(check);
    });
  }
}

function toEvent(message: ReceivedMessage): ReceivedEvent {
  const payload = message.payload as { telephonyEventType: string; telephonyEventPayload: unknown };
  return { type: payload.telephonyEventType, payload: payload.telephonyEventPayload };
}
