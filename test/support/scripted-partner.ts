/**
 * A scripted networked partner: the pure partner core as its "server", behind a
 * connection the test drops, restores and stalls.
 *
 * @remarks
 * Implements the real {@link PartnerTelephony} contract (the conformance suite checks it)
 * plus test-only controls: {@link ScriptedPartner.drop}, {@link ScriptedPartner.restore}
 * (`replay` the missed events, or `resync`), {@link ScriptedPartner.hangNext} (a command
 * that never answers), `connectAs` (how `connect` ends), `loginFails` (a login the
 * network breaks) and `server` (the far end: incoming calls, supervisor changes). With
 * `connectAs: 'loginRequired'` it is a partner with sessions: `login` checks
 * `credentials`, and `logout` ends the session (`disconnected`, a new login needed).
 */
import { PartnerAgent } from '../../src/partner/core/agent';
import { STATUS_CATALOGUE } from '../../src/partner/core/status-catalogue';
import {
  PartnerError,
  type ConnectionState,
  type ConnectResult,
  type ContactFilter,
  type PartnerCall,
  type PartnerContact,
  type PartnerCredentials,
  type PartnerEvent,
  type PartnerListener,
  type PartnerTelephony,
} from '../../src/partner/partner-telephony';
import type { CallState } from '../../src/vocabulary/call-state';
import type { PartnerStatus, PartnerStatusInfo } from '../../src/vocabulary/partner-status';
import { StatusCatalogue } from '../../src/vocabulary/status-catalogue';
import type { Clock } from '../../src/platform/clock';

interface Mirror {
  readonly status: PartnerStatus;
  readonly callState: CallState;
  readonly calls: readonly PartnerCall[];
  readonly muted: boolean;
  readonly recordingPaused: boolean;
}

/** How {@link ScriptedPartner.connect} ends. */
export type ConnectScript = 'connected' | 'loginRequired' | 'hang' | 'unavailable';

export class ScriptedPartner implements PartnerTelephony {
  /** The far end: drive it as the partner's backend would (incomingCall, setStatus with origin partner, …). */
  readonly server: PartnerAgent;
  readonly capabilities = { recordings: false };
  /** How the next `connect` ends; `loginRequired` until `login` with {@link ScriptedPartner.credentials}. */
  connectAs: ConnectScript = 'connected';
  credentials: PartnerCredentials = { username: 'agent1', password: 'secret' };
  /** How the next `login` fails before the credentials are checked: unreachable, or no answer. */
  loginFails: 'unavailable' | 'hang' | null = null;
  /** Every `login` the connector sent, in order. */
  readonly logins: PartnerCredentials[] = [];
  /** Every command the connector sent, by name, in order. */
  readonly sent: string[] = [];
  private state: ConnectionState = 'disconnected';
  private frozen: Mirror | null = null;
  private missed: PartnerEvent[] = [];
  private hanging = new Set<string>();
  private late = new Map<string, Promise<void>>();
  private loggedIn = false;
  private readonly listeners = new Set<PartnerListener>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  /**
   * @param clock - the partner's time (a `FakeClock` in unit tests; the page's clock in a browser test bundle)
   * @param catalogue - the partner's status catalogue (default the simulator's)
   */
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    initialStatus: PartnerStatus = 'AVAILABLE',
    private readonly catalogue: readonly PartnerStatusInfo[] = STATUS_CATALOGUE,
  ) {
    let n = 0;
    this.server = new PartnerAgent({
      now: () => clock.now(),
      newCallId: () => `s${++n}`,
      initialStatus,
      catalogue: StatusCatalogue.read(catalogue).catalogue,
      onEvent: (notice) => {
        if (notice.type === 'changed') return;
        if (this.state === 'connected') this.deliver(notice);
        else this.missed.push(notice);
      },
    });
  }

  // ── test controls ──────────────────────────────────────────────────────────

  /** The connection drops: `reconnecting`, the mirror freezes, events wait. */
  drop(): void {
    this.frozen = this.live();
    this.setState('reconnecting');
  }

  /** The connection is back: the missed events in order (`replay`), or one `resynced`. */
  restore(how: 'replay' | 'resync'): void {
    this.frozen = null;
    const missed = this.missed;
    this.missed = [];
    this.setState('connected');
    if (how === 'replay') missed.forEach((e) => this.deliver(e));
    else this.deliver({ type: 'resynced', seq: missed.at(-1)?.seq ?? 0, at: this.clock.now() });
  }

  /** Delivers `event` as it is: a late or repeated push from the network. */
  pushRaw(event: PartnerEvent): void {
    this.deliver(event);
  }

  /** The next `command` sent never gets an answer. */
  hangNext(command: string): void {
    this.hanging.add(command);
  }

  /**
   * The next `command` sent takes effect (its events arrive) but its answer waits for
   * the returned release, as a remote partner's answer comes in a later message.
   */
  answerLate(command: string): () => void {
    let release = (): void => undefined;
    this.late.set(command, new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  get connectionState(): ConnectionState {
    return this.state;
  }

  connect(): Promise<ConnectResult> {
    this.setState('connecting');
    switch (this.connectAs) {
      case 'hang':
        return new Promise<ConnectResult>(() => undefined);
      case 'unavailable':
        this.setState('disconnected');
        return Promise.reject(new PartnerError('state disconnected, expected a reachable partner', 'UNAVAILABLE'));
      case 'loginRequired':
        if (!this.loggedIn) return Promise.resolve({ outcome: 'loginRequired', message: 'log in to the partner' });
    }
    // The mirror is the partner's state now; what happened before needs no replay.
    this.missed = [];
    this.setState('connected');
    return Promise.resolve({ outcome: 'connected' });
  }

  login(credentials: PartnerCredentials): Promise<ConnectResult> {
    this.logins.push(credentials);
    const fails = this.loginFails;
    this.loginFails = null;
    if (fails === 'hang') return new Promise<ConnectResult>(() => undefined);
    if (fails === 'unavailable') return Promise.reject(new PartnerError('the partner server is unreachable', 'UNAVAILABLE'));
    if (credentials.username !== this.credentials.username || credentials.password !== this.credentials.password) {
      return Promise.resolve({ outcome: 'loginRequired', message: 'wrong username or password' });
    }
    this.loggedIn = true;
    this.setState('connected');
    return Promise.resolve({ outcome: 'connected' });
  }

  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(listener: PartnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.setState('disconnected');
    this.listeners.clear();
    this.stateListeners.clear();
  }

  // ── mirror ─────────────────────────────────────────────────────────────────

  getStatusCatalogue = () => this.catalogue;
  partnerNow = (): number => this.clock.now();
  getStatus = (): PartnerStatus => (this.frozen ?? this.live()).status;
  getCallState = (): CallState => (this.frozen ?? this.live()).callState;
  getCalls = (): readonly PartnerCall[] => (this.frozen ?? this.live()).calls;
  isMuted = (): boolean => (this.frozen ?? this.live()).muted;
  isRecordingPaused = (): boolean => (this.frozen ?? this.live()).recordingPaused;

  // ── commands ───────────────────────────────────────────────────────────────

  setStatus = (status: PartnerStatus, reason: string) => this.run('setStatus', () => void this.server.setStatus(status, 'connector', reason));
  endWrapUp = () => this.run('endWrapUp', () => this.server.endWrapUp());
  logout = () =>
    this.run('logout', () => {
      this.server.logout();
      if (this.connectAs !== 'loginRequired') return;
      // The session ends with the logout: the next connection needs a login.
      this.loggedIn = false;
      this.setState('disconnected');
    });
  acceptCall = (callId: string) => this.run('acceptCall', () => this.server.acceptCall(callId));
  declineCall = (callId: string) => this.run('declineCall', () => this.server.declineCall(callId));
  hangUp = (callId?: string) => this.run('hangUp', () => this.server.hangUp(callId));
  dial = (phoneNumber: string) => this.run('dial', () => this.server.dial(phoneNumber));
  sendDigits = (digits: string) => this.run('sendDigits', () => this.server.sendDigits(digits));
  hold = (callId: string) => this.run('hold', () => this.server.hold(callId));
  resume = (callId: string) => this.run('resume', () => this.server.resume(callId));
  mute = () => this.run('mute', () => this.server.setMuted(true));
  unmute = () => this.run('unmute', () => this.server.setMuted(false));
  addParticipant = (phoneNumber: string, parentCallId: string, blind: boolean) =>
    this.run('addParticipant', () => this.server.addParticipant(phoneNumber, parentCallId, blind));
  conference = () => this.run('conference', () => this.server.conference());
  swap = (holdCallId: string, resumeCallId: string) => this.run('swap', () => this.server.swap(holdCallId, resumeCallId));
  pauseRecording = () => this.run('pauseRecording', () => this.server.setRecordingPaused(true));
  resumeRecording = () => this.run('resumeRecording', () => this.server.setRecordingPaused(false));
  searchContacts = (_filter: ContactFilter) => this.run('searchContacts', (): readonly PartnerContact[] => []);
  superviseCall = (callId: string) => this.run('superviseCall', () => this.server.superviseCall(callId));
  bargeIn = (callId: string) => this.run('bargeIn', () => this.server.bargeIn(callId));
  supervisorDisconnect = () => this.run('supervisorDisconnect', () => this.server.supervisorDisconnect());

  private run<T>(name: string, body: () => T): Promise<T> {
    this.sent.push(name);
    if (this.state !== 'connected') return Promise.reject(new PartnerError(`state ${this.state}, expected connected`, 'UNAVAILABLE'));
    if (this.hanging.delete(name)) return new Promise<T>(() => undefined);
    try {
      const result = body();
      const answer = this.late.get(name);
      this.late.delete(name);
      return answer ? answer.then(() => result) : Promise.resolve(result);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private live(): Mirror {
    const s = this.server;
    return { status: s.status, callState: s.callState, calls: s.getCalls(), muted: s.muted, recordingPaused: s.recordingPaused };
  }

  private deliver(event: PartnerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
