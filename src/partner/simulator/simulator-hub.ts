/**
 * The simulator's connection state and its three kinds of listener (partner events,
 * changes for the control channel's `STATE`, connection-state changes), and how seam
 * commands run against that state.
 */
import { messageOf } from '../../vocabulary/guards';
import { PartnerError, type ConnectionState, type PartnerEvent, type PartnerListener } from '../partner-telephony';

/** Where the hub reports a listener that threw. */
export type HubLog = (message: string, details: Record<string, unknown>, isError: boolean) => void;

/** Listeners and the connection state of one {@link SimulatedPartner}. */
export class SimulatorHub {
  private readonly listeners: PartnerListener[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private stateValue: ConnectionState = 'connected';

  constructor(private readonly log: HubLog) {}

  /** `connected` from construction (the simulator runs in the page) until {@link SimulatorHub.close}. */
  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Adds a partner-event listener; returns the unsubscribe function. */
  subscribe(listener: PartnerListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Adds a change listener; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Adds a connection-state listener; returns the unsubscribe function. */
  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Delivers a partner event to every listener; a throwing one is logged and skipped. */
  deliver(event: PartnerEvent): void {
    for (const listener of [...this.listeners]) this.guarded(event.type, () => listener(event));
  }

  /** Tells change listeners the simulator changed (after it was saved). */
  changed(): void {
    for (const listener of [...this.changeListeners]) this.guarded('change', listener);
  }

  /** Runs a seam command: at once, or rejected with `UNAVAILABLE` once closed. */
  command<T>(body: () => T): Promise<T> {
    return this.stateValue === 'connected' ? run(body) : Promise.reject(unavailable());
  }

  /** Goes `disconnected` for good, telling the state listeners, and drops every listener; false if already closed. */
  close(): boolean {
    if (this.stateValue === 'disconnected') return false;
    this.listeners.length = 0;
    this.changeListeners.clear();
    this.stateValue = 'disconnected';
    for (const listener of [...this.stateListeners]) listener('disconnected');
    this.stateListeners.clear();
    return true;
  }

  private guarded(what: string, listener: () => void): void {
    try {
      listener();
    } catch (e) {
      this.log('listener threw', { event: what, error: messageOf(e) }, true);
    }
  }
}

/** The refusal of a command after {@link SimulatorHub.close}. */
export function unavailable(): PartnerError {
  return new PartnerError('state disconnected (disposed), expected connected', 'UNAVAILABLE');
}

/** Runs a command body synchronously; a throw becomes the rejection. */
function run<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
