/**
 * The browser shell of the embedded simulator: one {@link PartnerAgent} with its time
 * (a {@link DueTimer} for the earliest due event), its persistence ({@link SnapshotStore},
 * saved on every change) and its log (the base library's `publishLog` by default).
 * `./simulated-partner.ts` puts the seam on top of it.
 */
import type { Clock } from '../../platform/clock';
import type { KeyValueStore } from '../../platform/storage';
import { publishLog } from '../../salesforce/scv';
import { isNumberIn } from '../../vocabulary/guards';
import type { PartnerStatus } from '../../vocabulary/partner-status';
import { PartnerAgent, type AgentNotice } from '../core/agent';
import { DEFAULT_CONTACTS } from '../core/directory';
import type { PartnerContact } from '../partner-telephony';
import { DueTimer } from './due-timer';
import { DEFAULT_STORAGE_KEY, SnapshotStore } from './persistence';
import { SimulatorHub } from './simulator-hub';

/** Log event type of every simulator log line. */
export const SIMULATOR_LOG_EVENT = 'PARTNER_SIMULATOR';

/** Where the simulator's log lines go; defaults to the base library's log. */
export type SimulatorLog = (eventType: string, payload: Record<string, unknown>, isError: boolean) => void;

/** Options of {@link SimulatedPartner}. */
export interface SimulatedPartnerOptions {
  /** Time and timers. */
  readonly clock: Clock;
  /** Where the state is saved and restored from. */
  readonly store: KeyValueStore;
  /** Key of the saved state; default {@link DEFAULT_STORAGE_KEY}. */
  readonly storageKey?: string;
  /** Ring time before an inbound call is missed; default the core's `DEFAULT_RING_TIMEOUT_MS`. */
  readonly ringTimeoutMs?: number;
  /** The directory; default {@link DEFAULT_CONTACTS}. */
  readonly contacts?: readonly PartnerContact[];
  /** Makes call ids; default: time-and-counter based ids. */
  readonly idFactory?: () => string;
  /** Status when nothing (valid) is stored; default `OFFLINE` (logged out). */
  readonly initialStatus?: PartnerStatus;
  /** Log sink; default `publishLog` of the Salesforce wrapper. */
  readonly log?: SimulatorLog;
  /** Told about problems with the saved state (corrupt data, failed writes). */
  readonly onWarning?: (message: string) => void;
}

/** The simulator's agent, timer, storage and log, wired together. */
export class SimulatorShell {
  private readonly clock: Clock;
  /** The directory the simulator searches. */
  readonly contacts: readonly PartnerContact[];
  private readonly logSink: SimulatorLog;
  private readonly onWarning: ((message: string) => void) | undefined;
  /** The simulator's listeners and connection state. */
  readonly hub: SimulatorHub;
  private readonly saved: SnapshotStore;
  /** The partner-side agent the simulator plays. */
  readonly agent: PartnerAgent;
  private readonly timer: DueTimer;
  private idCounter = 0;

  constructor(options: SimulatedPartnerOptions) {
    this.clock = options.clock;
    this.contacts = options.contacts ?? DEFAULT_CONTACTS;
    this.logSink = options.log ?? publishLog;
    this.onWarning = options.onWarning;
    this.hub = new SimulatorHub((message, details, isError) => this.log(message, details, isError));
    this.saved = new SnapshotStore(options.store, options.storageKey ?? DEFAULT_STORAGE_KEY, (message) => this.warn(message));
    const { snapshot, discarded } = this.saved.load();
    this.agent = new PartnerAgent({
      now: () => this.clock.now(),
      newCallId: options.idFactory ?? (() => this.defaultId()),
      ...(isNumberIn(options.ringTimeoutMs, 0) ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
      initialStatus: options.initialStatus ?? 'OFFLINE',
      ...(snapshot ? { snapshot } : {}),
      onEvent: (event) => this.onAgentEvent(event),
      log: (message, details, isError = false) => this.log(message, details, isError),
    });
    this.timer = new DueTimer(this.clock, () => this.agent.nextDueAt(), () => this.agent.fireDue());
    if (discarded) this.saved.save(this.agent.snapshot());
    if (snapshot) {
      this.log('state restored', { status: snapshot.status, callState: snapshot.callState, calls: snapshot.calls.length, scheduled: snapshot.schedule.length });
    }
    this.timer.rearm();
  }

  /** Stops the timer and closes the hub (seam commands reject from now on); the saved state stays. */
  dispose(): void {
    if (this.hub.state !== 'disconnected') this.timer.stop();
    this.hub.close();
  }

  /** Every agent change is saved and the timer re-armed, then change listeners hear of it. */
  private onAgentEvent(event: AgentNotice): void {
    if (event.type === 'changed') {
      this.saved.save(this.agent.snapshot());
      this.timer.rearm();
      this.hub.changed();
      return;
    }
    this.hub.deliver(event);
  }

  private defaultId(): string {
    this.idCounter += 1;
    return `sim-${this.clock.now().toString(36)}-${this.idCounter}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  }

  private warn(message: string): void {
    this.log('storage problem', { reason: message }, true);
    this.onWarning?.(message);
  }

  private log(message: string, details: Record<string, unknown>, isError = false): void {
    try {
      this.logSink(SIMULATOR_LOG_EVENT, { ...details, message }, isError);
    } catch {
      // Logging must never break the simulator.
    }
  }
}
