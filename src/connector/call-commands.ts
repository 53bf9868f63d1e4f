/**
 * Salesforce's call commands, carried out on the partner: answer, decline, end, dial,
 * DTMF, mute, hold, swap, conference, participants, recording, directory, supervisor.
 *
 * @remarks
 * Each reads Salesforce's input (`./salesforce-input`), drives the partner, and answers
 * with the base library's own result class. Any rejection is a `ConnectorError` made by
 * `toConnectorError` (`./errors`).
 */
import type { Clock } from '../platform/clock';
import { COMMAND_TIME_LIMIT_MS, isPartnerError, type PartnerTelephony } from '../partner/partner-telephony';
import {
  CallResult,
  HangupResult,
  HoldToggleResult,
  MuteToggleResult,
  ParticipantResult,
  PhoneContactsResult,
  RecordingToggleResult,
  SuperviseCallResult,
  SupervisorHangupResult,
} from '../salesforce/scv';
import type { AfterCallWork } from './after-call-work';
import { SUPPORTED_CONTACT_TYPES, callInfoOf, endedPhoneCall, toContact } from './call-mapping';
import type { CallView } from './call-view';
import { ErrorType, connectorError, notConnected, toConnectorError } from './errors';
import { withTimeLimit } from './time-limit';
import { DTMF_RULE, isDtmf } from '../vocabulary/dialing';
import { contactFilterOf, destinationOf, findLeg, stringField, supervisedCallId } from './salesforce-input';

/**
 * Runs a partner command within {@link COMMAND_TIME_LIMIT_MS}; any rejection (a refusal,
 * the time limit, a connection that dropped meanwhile) becomes a `ConnectorError` (see
 * `./errors`).
 */
export async function command<T>(clock: Clock, what: string, run: () => T | Promise<T>): Promise<T> {
  try {
    // Started at once (Salesforce's input is read now), then limited in time.
    let work: Promise<T>;
    try {
      work = Promise.resolve(run());
    } catch (e) {
      work = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return await withTimeLimit(clock, COMMAND_TIME_LIMIT_MS, what, work);
  } catch (e) {
    if (isPartnerError(e) && e.code === 'UNAVAILABLE') throw notConnected(what, e.message);
    throw toConnectorError(e);
  }
}

/** The connector's call commands (the `VendorConnector` methods delegate here). */
export class CallCommands {
  constructor(
    private readonly partner: PartnerTelephony,
    private readonly view: CallView,
    private readonly afterCallWork: AfterCallWork,
    private readonly clock: Clock,
  ) {}

  /** A call command fails at once while the partner is not connected (CONTRACT §8); see {@link command}. */
  private command<T>(what: string, run: () => T | Promise<T>): Promise<T> {
    const state = this.partner.connectionState;
    if (state !== 'connected') return Promise.reject(notConnected(what, state));
    return command(this.clock, what, run);
  }

  async acceptCall(call: unknown): Promise<CallResult> {
    const leg = await this.command('acceptCall', () => this.partner.acceptCall(findLeg(this.view.liveLegs(), call, 'customer').id));
    this.afterCallWork.noteCall(leg);
    return new CallResult({ call: this.view.phoneCall(leg) });
  }

  async declineCall(call: unknown): Promise<CallResult> {
    const leg = await this.command('declineCall', () => this.partner.declineCall(findLeg(this.view.liveLegs(), call, 'customer').id));
    return new CallResult({ call: this.view.phoneCall(leg, { agentStatus: 'DeclinedByAgent' }) });
  }

  /**
   * Ends a third-party leg alone, or the agent's whole call.
   *
   * @remarks
   * A call that already ended on the partner side (the customer hung up as the agent
   * clicked) resolves with that call as ended, so Salesforce can close it.
   */
  async endCall(call: unknown, _agentStatus?: string): Promise<HangupResult> {
    if (this.view.activeLegs().length === 0) {
      return new HangupResult({ calls: [endedPhoneCall(stringField(call, 'callId') ?? 'unknown')] });
    }
    const ended = await this.afterCallWork.duringHangUp(() => this.command('endCall', () => {
      const leg = findLeg(this.view.liveLegs(), call, 'customer');
      return leg.role === 'customer' ? this.partner.hangUp() : this.partner.hangUp(leg.id);
    }));
    return new HangupResult({ calls: ended.map((leg) => this.view.phoneCall(leg)) });
  }

  async dial(contact: unknown): Promise<CallResult> {
    const leg = await this.command('dial', async () => this.partner.dial(await this.destinationOf(contact)));
    this.afterCallWork.noteCall(leg);
    return new CallResult({ call: this.view.phoneCall(leg) });
  }

  async sendDigits(digits: unknown): Promise<void> {
    if (!isDtmf(digits)) throw connectorError(ErrorType.INVALID_PARAMS, DTMF_RULE);
    await this.command('sendDigits', () => this.partner.sendDigits(digits));
  }

  async mute(): Promise<MuteToggleResult> {
    await this.command('mute', () => this.partner.mute());
    return new MuteToggleResult({ isMuted: this.partner.isMuted() });
  }

  async unmute(): Promise<MuteToggleResult> {
    await this.command('unmute', () => this.partner.unmute());
    return new MuteToggleResult({ isMuted: this.partner.isMuted() });
  }

  async hold(call: unknown): Promise<HoldToggleResult> {
    await this.command('hold', () => this.partner.hold(findLeg(this.view.liveLegs(), call, 'customer').id));
    return this.view.holdState();
  }

  async resume(call: unknown): Promise<HoldToggleResult> {
    await this.command('resume', () => this.partner.resume(findLeg(this.view.liveLegs(), call, 'customer').id));
    return this.view.holdState();
  }

  /** Holds `callToHold` and resumes `callToResume`, whichever party each one is. */
  async swap(callToHold: unknown, callToResume: unknown): Promise<HoldToggleResult> {
    await this.command('swap', () => {
      const live = this.view.liveLegs();
      return this.partner.swap(findLeg(live, callToHold).id, findLeg(live, callToResume).id);
    });
    return this.view.holdState();
  }

  async conference(_calls?: unknown): Promise<HoldToggleResult> {
    await this.command('conference', () => this.partner.conference());
    return this.view.holdState();
  }

  /**
   * Adds a third party to the agent's customer call (or hands the customer over).
   *
   * @remarks
   * With `isBlindTransfer` the agent leaves the call (partner → wrap-up); the library
   * then sends `HANGUP` itself.
   */
  async addParticipant(contact: unknown, call: unknown, isBlindTransfer: unknown): Promise<ParticipantResult> {
    const blind = isBlindTransfer === true;
    const adding = () => this.command('addParticipant', async () => {
      const named = findLeg(this.view.liveLegs(), call, 'customer');
      const parent = named.role === 'thirdParty' && named.parentId !== undefined ? named.parentId : named.id;
      return this.partner.addParticipant(await this.destinationOf(contact), parent, blind);
    });
    const leg = await (blind ? this.afterCallWork.duringHangUp(adding) : adding());
    return new ParticipantResult({
      initialCallHasEnded: blind,
      callInfo: callInfoOf(leg, this.view.flags()),
      phoneNumber: leg.phoneNumber,
      callId: leg.id,
    });
  }

  async pauseRecording(_call?: unknown): Promise<RecordingToggleResult> {
    await this.command('pauseRecording', () => this.partner.pauseRecording());
    return new RecordingToggleResult({ isRecordingPaused: this.partner.isRecordingPaused() });
  }

  async resumeRecording(_call?: unknown): Promise<RecordingToggleResult> {
    await this.command('resumeRecording', () => this.partner.resumeRecording());
    return new RecordingToggleResult({ isRecordingPaused: this.partner.isRecordingPaused() });
  }

  // ── directory ──

  /** Searches the partner's directory (the library's filter is read by `contactFilterOf`). */
  async getPhoneContacts(filter?: unknown): Promise<PhoneContactsResult> {
    const entries = await this.command('getPhoneContacts', () => this.partner.searchContacts(contactFilterOf(filter)));
    return new PhoneContactsResult({ contacts: entries.map(toContact), contactTypes: [...SUPPORTED_CONTACT_TYPES] });
  }

  // ── supervisor ──

  async superviseCall(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    const leg = await this.command('superviseCall', () => this.partner.superviseCall(supervisedCallId(supervisedCallInfo)));
    return new SuperviseCallResult({ call: this.view.phoneCall(leg) });
  }

  async supervisorBargeIn(supervisedCallInfo: unknown): Promise<SuperviseCallResult> {
    const leg = await this.command('supervisorBargeIn', () => this.partner.bargeIn(supervisedCallId(supervisedCallInfo)));
    return new SuperviseCallResult({ call: this.view.phoneCall(leg) });
  }

  async supervisorDisconnect(_supervisedCallInfo?: unknown): Promise<SupervisorHangupResult> {
    const ended = await this.command('supervisorDisconnect', () => this.partner.supervisorDisconnect());
    return new SupervisorHangupResult({ calls: ended.map((leg) => this.view.phoneCall(leg)) });
  }

  private destinationOf(contact: unknown): Promise<string> {
    return destinationOf(contact, () => this.partner.searchContacts({}));
  }
}
