/**
 * The partner telephony system on the reference partner server (CONTRACT §8), over
 * WebSocket: the `PartnerTelephony` the connector uses in `remote` mode.
 *
 * @remarks
 * The parts: `./remote-connection.ts` (connect, login, resync, requests), `./link.ts`
 * (socket, heartbeat, retries), `./mirror.ts` (the agent's state and events, by `seq`),
 * `./requests.ts` (answers and their 5 s limit), `../wire/` (the protocol, shared with
 * the server). This class only maps the seam's methods onto commands and the mirror.
 * A vendor replaces the whole folder with their own backend's client; the seam's file
 * comment and `test/support/partner-conformance.ts` are the checklist.
 *
 * @example
 * ```ts
 * startWhenLoaded(window, { partners: { remote: remotePartnerFactory() } });
 * ```
 */
import type { Clock } from '../../platform/clock';
import type { KeyValueStore } from '../../platform/storage';
import type { CallState } from '../../vocabulary/call-state';
import { publishLog } from '../../salesforce/scv';
import { messageOf } from '../../vocabulary/guards';
import type { PartnerStatus, PartnerStatusInfo } from '../../vocabulary/partner-status';
import { STATUS_CATALOGUE } from '../core/status-catalogue';
import type {
  ConnectionState,
  ConnectOptions,
  ConnectResult,
  PartnerCall,
  PartnerCapabilities,
  PartnerCredentials,
  PartnerEvent,
  PartnerListener,
  PartnerTelephony,
} from '../partner-telephony';
import type { CommandName } from '../wire/messages';
import { RemoteConnection, type RemoteLog } from './remote-connection';
import { callList, contactList, oneCall } from './results';
import { webSocketFactory, type SocketFactory, type WebSocketConstructor } from './socket';

/** What a remote partner is made with (the composition root's partner context, and test seams). */
export interface RemotePartnerOptions {
  readonly clock: Clock;
  readonly store: KeyValueStore;
  /** Opens sockets; default the page's `WebSocket`. */
  readonly openSocket?: SocketFactory;
  /** Jitter source in [0, 1); default `Math.random`. */
  readonly random?: () => number;
  /** Log lines; default the base library's log ({@link REMOTE_LOG_EVENT}, as errors: every line is a problem). */
  readonly log?: RemoteLog;
}

/** Log event type of the remote partner's log lines. */
export const REMOTE_LOG_EVENT = 'PARTNER_REMOTE';

const publishRemoteLog: RemoteLog = (message, details) => publishLog(REMOTE_LOG_EVENT, { ...details, message }, true);

const NO_CAPABILITIES: PartnerCapabilities = { recordings: false };

/** A seam command on the wire: its arguments' names, in the method's order, and how its result is read. */
type Command = readonly [argNames: readonly string[], read: (name: string, result: unknown) => unknown];

const nothing = (): void => undefined;
const CALL = ['callId'];

/** Every seam command but `logout` (which also ends the session), by name. */
const COMMANDS: Readonly<Record<Exclude<CommandName, 'logout'>, Command>> = {
  setStatus: [['status', 'reason'], nothing],
  endWrapUp: [[], nothing],
  acceptCall: [CALL, oneCall],
  declineCall: [CALL, oneCall],
  hangUp: [CALL, callList],
  dial: [['phoneNumber'], oneCall],
  sendDigits: [['digits'], nothing],
  hold: [CALL, oneCall],
  resume: [CALL, oneCall],
  mute: [[], nothing],
  unmute: [[], nothing],
  addParticipant: [['phoneNumber', 'parentCallId', 'blindTransfer'], oneCall],
  conference: [[], callList],
  swap: [['holdCallId', 'resumeCallId'], callList],
  pauseRecording: [[], nothing],
  resumeRecording: [[], nothing],
  searchContacts: [['filter'], contactList],
  superviseCall: [CALL, oneCall],
  bargeIn: [CALL, oneCall],
  supervisorDisconnect: [[], callList],
};

// The commands but logout: made once by the constructor from COMMANDS (one loop instead of
// twenty wrappers in the bundle), typed by this merged interface.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface RemotePartner extends Pick<PartnerTelephony, keyof typeof COMMANDS> {}

/** See the file comment. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RemotePartner implements PartnerTelephony {
  readonly capabilities = NO_CAPABILITIES;
  private readonly listeners = new Set<PartnerListener>();
  private readonly connection: RemoteConnection;
  private readonly log: RemoteLog;

  constructor(o: RemotePartnerOptions) {
    this.log = o.log ?? publishRemoteLog;
    const WebSocketClass = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.connection = new RemoteConnection({
      clock: o.clock,
      store: o.store,
      openSocket: o.openSocket ?? (WebSocketClass ? webSocketFactory(WebSocketClass) : null),
      random: o.random ?? Math.random,
      log: this.log,
      announce: (event) => this.announce(event),
    });
    for (const [name, [argNames, read]] of Object.entries(COMMANDS) as [CommandName, Command][]) {
      (this as unknown as Record<string, unknown>)[name] = async (...values: unknown[]): Promise<unknown> => {
        // An omitted optional argument (hangUp's callId) is left out of the message.
        const args: Record<string, unknown> = {};
        argNames.forEach((arg, i) => values[i] !== undefined && (args[arg] = values[i]));
        return read(name, await this.connection.command(name, args));
      };
    }
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  connect(options: ConnectOptions): Promise<ConnectResult> {
    return this.connection.connect(options);
  }

  login(credentials: PartnerCredentials): Promise<ConnectResult> {
    return this.connection.login(credentials);
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    return this.connection.onStateChange(listener);
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.connection.dispose();
  }

  getStatusCatalogue(): readonly PartnerStatusInfo[] {
    return STATUS_CATALOGUE;
  }

  partnerNow(): number {
    return this.connection.partnerNow();
  }

  getStatus(): PartnerStatus {
    return this.connection.mirror.status;
  }

  getCallState(): CallState {
    return this.connection.mirror.callState;
  }

  getCalls(): readonly PartnerCall[] {
    return this.connection.mirror.calls;
  }

  isMuted(): boolean {
    return this.connection.mirror.state.muted;
  }

  isRecordingPaused(): boolean {
    return this.connection.mirror.state.recordingPaused;
  }

  /** Logs the agent out (calls end, `OFFLINE`), then ends the session: the next start needs a login. */
  async logout(): Promise<void> {
    await this.connection.command('logout', {});
    await this.connection.signOut();
  }

  private announce(event: PartnerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.log('a partner listener failed', { reason: messageOf(e) });
      }
    }
  }
}

/** The `remote` mode's partner factory for the composition root (`PartnerContext` → partner). */
export function remotePartnerFactory(options: Omit<RemotePartnerOptions, 'clock' | 'store'> = {}): (context: { readonly clock: Clock; readonly store: KeyValueStore }) => RemotePartner {
  return (context) => new RemotePartner({ ...options, clock: context.clock, store: context.store });
}
