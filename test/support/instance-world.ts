/**
 * Several connector instances of one agent in one test: full instance pages (election,
 * relay, connector) whose BroadcastChannels meet in a {@link FakeBroadcastHub} on a
 * {@link FakeClock}. Time runs only through {@link InstanceWorld.settle}.
 */
import { CLAIM_MS } from '../../src/composition/instances/election';
import { bootstrapInstances, type InstancePage } from '../../src/composition/instances/instance-page';
import type { PartnerFactories } from '../../src/composition/partner-switch';
import { MemoryStore, type KeyValueStore } from '../../src/platform/storage';
import { FakeBroadcastHub } from './fake-broadcast-hub';
import { FakeClock } from './fake-clock';
import { DEFAULT_CONNECTOR_CONFIG } from './salesforce-double';

/** Ring time of the simulator (a missed call would be reported after it). */
export const RING_MS = 20_000;

/** How an {@link InstanceWorld}'s instances are made. */
export interface InstanceWorldOptions {
  /** The instances share localStorage; otherwise each has its own (blocked third-party storage). */
  readonly shared: boolean;
  /** Partner factories by `/partner/mode`, for every instance. */
  readonly partners?: PartnerFactories;
  /** Each instance's `callCenterConfig`; default {@link DEFAULT_CONNECTOR_CONFIG}. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** The instances of one agent in one browser partition. */
export class InstanceWorld {
  readonly clock = new FakeClock();
  readonly hub = new FakeBroadcastHub(this.clock);
  readonly pages = new Map<string, InstancePage>();
  private n = 0;
  private callN = 0;
  private readonly sharedStore = new MemoryStore();

  constructor(private readonly options: InstanceWorldOptions) {}

  /** Opens an instance (not initialised: Salesforce has not sent its setup yet). */
  open(id: string): InstancePage {
    const store: KeyValueStore = this.options.shared ? this.sharedStore : new MemoryStore();
    const page = bootstrapInstances({
      id,
      clock: this.clock,
      store,
      openChannel: this.hub.opener(`${id}#${++this.n}`),
      register: false,
      partnerOptions: { ringTimeoutMs: RING_MS, idFactory: () => `call-${++this.callN}` },
      ...(this.options.partners ? { partners: this.options.partners } : {}),
    });
    this.pages.set(id, page);
    return page;
  }

  /** `init` with the world's config, as Salesforce's setup would. */
  init(page: InstancePage): ReturnType<InstancePage['connector']['init']> {
    return page.connector.init({ ...(this.options.config ?? DEFAULT_CONNECTOR_CONFIG) });
  }

  /** Opens an instance and lets it join and initialise. */
  async connect(id: string): Promise<InstancePage> {
    const page = this.open(id);
    const init = this.init(page);
    await this.settle(CLAIM_MS + 50);
    await init;
    return page;
  }

  close(id: string): void {
    this.pages.get(id)?.dispose();
    this.pages.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.pages.keys()]) this.close(id);
  }

  leader(): InstancePage {
    const leaders = [...this.pages.values()].filter((p) => p.role() === 'leader');
    if (leaders.length !== 1) throw new Error(`expected one leader, got ${leaders.length}`);
    return leaders[0] as InstancePage;
  }

  page(id: string): InstancePage {
    const page = this.pages.get(id);
    if (!page) throw new Error(`no instance ${id}`);
    return page;
  }

  sim() {
    const s = this.leader().simulator();
    if (!s) throw new Error('leader without simulator');
    return s;
  }

  /** Advances time in small steps, letting promises run between them. */
  async settle(ms = 50): Promise<void> {
    for (let t = 0; t < ms; t += 10) {
      this.clock.advance(Math.min(10, ms - t));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
  }

  /** Runs a command of one instance (a follower's travels over the relay while time runs). */
  async run<T>(id: string, command: (page: InstancePage) => Promise<T>): Promise<T> {
    const result = command(this.page(id));
    await this.settle();
    return result;
  }

  /** Omni-Channel changes presence: every instance's host sends the same SET_AGENT_STATUS. */
  async omni(statusId: string, enqueueNextState = false): Promise<boolean[]> {
    const results = [...this.pages.values()].map((p) =>
      p.connector.setAgentStatus('Online', { statusId }, enqueueNextState).then((r) => r.success, () => false),
    );
    await this.settle(50);
    return Promise.all(results);
  }
}
