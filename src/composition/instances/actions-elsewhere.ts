/**
 * Tells this instance's Salesforce host of the agent's actions taken in another tab
 * (accept, decline, end, hold, resume, mute, recording, end of wrap-up), so every tab
 * shows the same call (CONTRACT §6).
 *
 * @remarks
 * The base library shows an action's result only in the tab where the agent acted; the
 * other tabs' softphones would still show the call ringing, or on hold. So every
 * instance compares the partner's mirror after each change with the one before: a change
 * of a call leg that no partner event explains (a remote answer, a remote hang-up or a
 * miss the connector publishes itself) and that this instance's connector did not ask
 * for is the agent's action in another tab, published here as the event Salesforce shows
 * for it. Changes are compared per leg, so the order in which tabs hear of them does not
 * matter; hold is told once per change with every active leg ({@link CallView.holdState}).
 */
import type { CallView } from '../../connector/call-view';
import type { Connector } from '../../connector/connector';
import { publish } from '../../connector/connector-log';
import type { PartnerCall, PartnerEvent, PartnerTelephony } from '../../partner/partner-telephony';
import { CallResult, HangupResult, MuteToggleResult, RecordingToggleResult } from '../../salesforce/scv';

/** Partner events whose leg changes the connector publishes itself (or that are no action). */
const EXPLAINED: ReadonlySet<PartnerEvent['type']> = new Set(['incomingCall', 'remoteAnswered', 'remoteHangup', 'callMissed', 'resynced']);

/** The connector commands whose effects this instance's host learns from their own answers. */
const OWN_ACTIONS = [
  'acceptCall', 'declineCall', 'endCall', 'hold', 'resume', 'swap', 'conference', 'mute', 'unmute',
  'pauseRecording', 'resumeRecording', 'addParticipant', 'dial', 'logout',
] as const satisfies readonly (keyof Connector)[];

/** Publishes to this instance's host what the agent did in another tab. See the file comment. */
export class ActionsElsewhere {
  private legs = new Map<string, PartnerCall>();
  private muted = false;
  private recordingPaused = false;
  private wrapUp = false;
  /** This instance's host was told of the wrap-up (it was connected when the wrap-up began). */
  private shown = false;
  /** This instance's own commands in flight: what changes meanwhile is theirs. */
  private running = 0;
  /** This instance's host ended wrap-up (its `WRAP_UP_CALL`, or an orphaned wrap-up ended here). */
  private ownWrapUpEnd = false;
  private started = false;

  constructor(
    private readonly partner: PartnerTelephony,
    private readonly view: CallView,
  ) {
    this.snapshot();
  }

  /** Salesforce is connected: publish from now on. */
  start(): void {
    this.started = true;
    this.snapshot();
  }

  /** Marks `connector`'s call commands as this instance's own (see {@link ActionsElsewhere.own}). */
  watch(connector: Connector): void {
    for (const name of OWN_ACTIONS) {
      const command = connector[name].bind(connector) as (...args: unknown[]) => Promise<unknown>;
      (connector as unknown as Record<string, unknown>)[name] = (...args: unknown[]): Promise<unknown> => this.own(() => command(...args));
    }
  }

  /** Runs one of this instance's own commands; its effects are not published again. */
  own<T>(command: () => Promise<T>): Promise<T> {
    this.running += 1;
    const done = (): void => {
      this.running -= 1;
      this.snapshot();
    };
    return command().finally(done);
  }

  /** Whether this instance's host shows the agent's wrap-up (CONTRACT §7.4 with several tabs). */
  showsWrapUp(): boolean {
    return this.shown;
  }

  /** This instance's host ends wrap-up: the end that follows is its own. */
  ownWrapUp(): void {
    this.ownWrapUpEnd = true;
  }

  /** The partner's mirror may have changed; `event` is the partner event that changed it, if any. */
  changed(event: PartnerEvent | null): void {
    if (this.started && this.running === 0 && (event === null || !EXPLAINED.has(event.type))) this.publishChanges();
    this.snapshot();
  }

  private publishChanges(): void {
    const now = new Map(this.partner.getCalls().map((leg) => [leg.id, leg]));
    let held = false;
    for (const [id, before] of this.legs) {
      const after = now.get(id);
      if (before.role === 'supervisor') continue;
      if (!after || after.state === 'ended') {
        const call = this.view.phoneCall({ ...before, state: 'ended' });
        if (before.role === 'customer') publish('HANGUP', new HangupResult({ calls: [call] }));
        else publish('PARTICIPANT_REMOVED', new CallResult({ call }));
      } else if (before.state === 'ringing' && after.state === 'connected' && after.direction === 'inbound') {
        publish('CALL_CONNECTED', new CallResult({ call: this.view.phoneCall(after) }));
      } else if (before.state !== 'ringing' && (before.state === 'held') !== (after.state === 'held')) {
        held = true;
      }
    }
    if (held) publish('HOLD_TOGGLE', this.view.holdState());
    // Mute and recording pause also end with the call: that is no action of the agent's.
    const live = this.partner.getCallState() !== 'idle' && this.partner.getCallState() !== 'wrapup';
    if (live && this.partner.isMuted() !== this.muted) publish('MUTE_TOGGLE', new MuteToggleResult({ isMuted: this.partner.isMuted() }));
    if (live && this.partner.isRecordingPaused() !== this.recordingPaused) {
      publish('RECORDING_TOGGLE', new RecordingToggleResult({ isRecordingPaused: this.partner.isRecordingPaused() }));
    }
    if (this.wrapUp && this.partner.getCallState() !== 'wrapup' && !this.ownWrapUpEnd) publish('WRAP_UP_ENDED', {});
  }

  private snapshot(): void {
    this.legs = new Map(this.partner.getCalls().map((leg) => [leg.id, leg]));
    this.muted = this.partner.isMuted();
    this.recordingPaused = this.partner.isRecordingPaused();
    const wrapUp = this.partner.getCallState() === 'wrapup';
    if (wrapUp !== this.wrapUp) this.shown = wrapUp && this.started;
    this.wrapUp = wrapUp;
    if (!wrapUp) this.ownWrapUpEnd = false;
  }
}
