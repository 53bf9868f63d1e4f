/**
 * Partner → Salesforce: the partner's call events, published as the base library's
 * telephony events.
 *
 * @remarks
 * ```
 *   incomingCall                      ─▶ CALL_STARTED (inbound, ringing)
 *   remoteAnswered  customer          ─▶ CALL_CONNECTED
 *   remoteAnswered  third party       ─▶ PARTICIPANT_CONNECTED
 *   remoteHangup    customer          ─▶ HANGUP (its third parties end with it, unannounced)
 *   remoteHangup    third party       ─▶ PARTICIPANT_REMOVED (the library sends HANGUP instead
 *                                        if nothing is left)
 *   remoteHangup    supervisor leg    ─▶ SUPERVISOR_HANGUP
 *   callMissed                        ─▶ HANGUP {reason: "error", agentStatus: MissedCallAgent}
 *   callStateChanged → wrapup         ─▶ AFTER_CALL_WORK_STARTED (see ./after-call-work.ts)
 * ```
 * Status events are the status bridge's business and are ignored here; so is an event
 * whose `seq` is not above the last one handled (logged as stale). Nothing is
 * published before Salesforce connects (the port does not exist yet); Salesforce learns
 * the live state from `CONNECTOR_READY` and the reconnect replay, both built from the
 * connector's `getActiveCalls`.
 */
import type { PartnerCall, PartnerEvent } from '../partner/partner-telephony';
import { CallResult, Constants, HangupResult, ParticipantResult, publishLog, SupervisorHangupResult } from '../salesforce/scv';
import type { AfterCallWork } from './after-call-work';
import { callInfoOf } from './call-mapping';
import type { CallView } from './call-view';
import { ConnectorLog, publish } from './connector-log';

/** Translates partner events into Salesforce telephony events. */
export class PartnerEventPublisher {
  /** Customer calls already reported as `HANGUP`: their third parties end silently with them. */
  private readonly hungUp = new Set<string>();
  private connected = false;
  private lastSeq = 0;

  constructor(
    private readonly view: CallView,
    private readonly afterCallWork: AfterCallWork,
  ) {}

  /** Salesforce is connected: events are published from now on. */
  start(): void {
    this.connected = true;
  }

  handle(event: PartnerEvent): void {
    // A late or repeated push (the seam's ordering rule): already applied.
    if (event.type !== 'resynced' && event.seq <= this.lastSeq) {
      publishLog(ConnectorLog.PARTNER_EVENT, { event: event.type, seq: event.seq, handled: false, reason: `stale: seq ${event.seq} <= ${this.lastSeq}` });
      return;
    }
    this.lastSeq = event.seq;
    if ('call' in event) this.afterCallWork.noteCall(event.call);
    if (!this.connected) return;
    switch (event.type) {
      case 'incomingCall':
        publish('CALL_STARTED', new CallResult({ call: this.view.phoneCall(event.call) }));
        break;
      case 'remoteAnswered':
        this.remoteAnswered(event.call);
        break;
      case 'remoteHangup':
        this.remoteHangup(event.call);
        break;
      case 'callMissed': {
        const agentStatus = event.call.direction === 'inbound' ? 'MissedCallAgent' : 'MissedCallStatus';
        const call = this.view.phoneCall(event.call, { reason: Constants.HANGUP_REASON.PHONE_CALL_ERROR, agentStatus });
        publish('HANGUP', new HangupResult({ calls: [call] }));
        break;
      }
      case 'callStateChanged':
        // A call's leg events all come before its state change, so this call's are done.
        this.hungUp.clear();
        this.afterCallWork.callStateChanged(event.state, event.previous);
        break;
      case 'statusChanged':
        // The status bridge owns status.
        break;
      case 'supervisorBargedIn':
      case 'resynced':
        // Read from the partner's mirror whenever a call is reported (hasSupervisorBargedIn, the calls).
        break;
    }
  }

  private remoteAnswered(leg: PartnerCall): void {
    if (leg.role === 'customer') {
      publish('CALL_CONNECTED', new CallResult({ call: this.view.phoneCall(leg) }));
    } else if (leg.role === 'thirdParty') {
      publish(
        'PARTICIPANT_CONNECTED',
        new ParticipantResult({ initialCallHasEnded: false, callInfo: callInfoOf(leg, this.view.flags()), phoneNumber: leg.phoneNumber, callId: leg.id }),
      );
    } else {
      publishLog(ConnectorLog.PARTNER_EVENT, { event: 'remoteAnswered', callId: leg.id, role: leg.role, handled: false });
    }
  }

  private remoteHangup(leg: PartnerCall): void {
    const call = this.view.phoneCall(leg);
    if (leg.role === 'supervisor') {
      publish('SUPERVISOR_HANGUP', new SupervisorHangupResult({ calls: [call] }));
    } else if (leg.role === 'customer') {
      this.hungUp.add(leg.id);
      publish('HANGUP', new HangupResult({ calls: [call] }));
    } else if (leg.parentId !== undefined && this.hungUp.has(leg.parentId)) {
      // Ended with its customer call, whose HANGUP already closed everything in Salesforce.
      publishLog(ConnectorLog.PARTNER_EVENT, { event: 'remoteHangup', callId: leg.id, role: leg.role, handled: false, reason: 'ended with its customer call' });
    } else {
      publish('PARTICIPANT_REMOVED', new CallResult({ call }));
    }
  }
}
