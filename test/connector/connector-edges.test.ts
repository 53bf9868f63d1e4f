/**
 * Edges the simulator never produces but another partner implementation may: events
 * before init, an outbound call missed, a supervisor leg answered, wrap-up with no known
 * call. Driven through a scripted partner and the Salesforce double.
 */
import type { CallState } from '../../src/vocabulary/call-state';
import type { PartnerCall, PartnerChange, PartnerListener, PartnerTelephony } from '../../src/partner/partner-telephony';
import { STATUS_CATALOGUE } from '../../src/partner/core/status-catalogue';
import { FakeClock } from '../support/fake-clock';
import { SalesforceDouble, type FreshModules } from '../support/salesforce-double';

/** A partner whose state and events the test scripts; commands are not used here. */
class ScriptedPartner implements PartnerTelephony {
  callState: CallState = 'idle';
  calls: PartnerCall[] = [];
  private listeners: PartnerListener[] = [];
  private seq = 0;
  /** Announces a change, stamped with the next seq. */
  emit(change: PartnerChange): void {
    this.seq += 1;
    for (const l of this.listeners) l({ ...change, seq: this.seq, at: this.seq });
  }
  readonly connectionState = 'connected' as const;
  readonly capabilities = { recordings: false };
  connect = () => Promise.resolve({ outcome: 'connected' as const });
  login = () => Promise.resolve({ outcome: 'connected' as const });
  onConnectionStateChange = () => () => undefined;
  dispose = () => undefined;
  getStatusCatalogue = () => STATUS_CATALOGUE;
  partnerNow = () => 0;
  subscribe(listener: PartnerListener): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }
  getStatus = () => 'AVAILABLE' as const;
  getCallState = () => this.callState;
  getCalls = () => this.calls;
  isMuted = () => false;
  isRecordingPaused = () => false;
  private refuse = (): Promise<never> => Promise.reject(new Error('not scripted'));
  setStatus = this.refuse;
  endWrapUp = this.refuse;
  logout = this.refuse;
  acceptCall = this.refuse;
  declineCall = this.refuse;
  hangUp = this.refuse;
  dial = this.refuse;
  sendDigits = this.refuse;
  hold = this.refuse;
  resume = this.refuse;
  mute = this.refuse;
  unmute = this.refuse;
  addParticipant = this.refuse;
  conference = this.refuse;
  swap = this.refuse;
  pauseRecording = this.refuse;
  resumeRecording = this.refuse;
  searchContacts = this.refuse;
  superviseCall = this.refuse;
  bargeIn = this.refuse;
  supervisorDisconnect = this.refuse;
}

const leg = (over: Partial<PartnerCall>): PartnerCall => ({
  id: 'leg-1', role: 'customer', direction: 'outbound', phoneNumber: '+14155550142', state: 'ringing', createdAt: 0, ...over,
});

function stubStatus() {
  return {
    configure: () => undefined,
    setAgentStatus: () => Promise.reject(new Error('unused')),
    getAgentStatus: () => {
      throw new Error('unused');
    },
    wrapUpCall: () => Promise.resolve(),
    logout: () => Promise.resolve(),
    flush: () => undefined,
    dispose: () => undefined,
    view: () => ({ salesforceStatusId: null, pending: null, syncLog: [] }),
    onChange: () => () => undefined,
  };
}

describe('connector edges with a scripted partner', () => {
  let sf: SalesforceDouble | undefined;
  let partner: ScriptedPartner;
  afterEach(() => sf?.close());

  async function start(beforeSetup?: (fresh: FreshModules, p: ScriptedPartner) => void): Promise<SalesforceDouble> {
    partner = new ScriptedPartner();
    return SalesforceDouble.start({
      build: (fresh, { clock }) => {
        const connector = new fresh.connector.Connector({ partner, status: stubStatus(), clock });
        beforeSetup?.(fresh, partner);
        return { connector, dispose: () => connector.dispose() };
      },
    });
  }

  it('partner events before Salesforce connects are not published', async () => {
    sf = await start((_fresh, p) => p.emit({ type: 'incomingCall', call: leg({ direction: 'inbound' }) }));
    await sf.settle();
    expect(sf.events()).toEqual([]);
  });

  it('an outbound call nobody answers ends with HANGUP and MissedCallStatus (the customer missed it)', async () => {
    sf = await start();
    sf.mark();
    partner.emit({ type: 'callMissed', call: leg({ state: 'ended' }) });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'HANGUP', payload: [expect.objectContaining({ reason: 'error', agentStatus: 'MissedCallStatus' })] }]);
  });

  it('a supervisor leg "answered" is logged, not published', async () => {
    sf = await start();
    sf.mark();
    partner.emit({ type: 'remoteAnswered', call: leg({ id: 'sup-1', role: 'supervisor', state: 'connected' }) });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([]);
    expect(sf.connectorLogs().at(-1)?.payload).toEqual({ event: 'remoteAnswered', callId: 'sup-1', role: 'supervisor', handled: false });
  });

  it('wrap-up with no customer call ever seen publishes no AFTER_CALL_WORK_STARTED', async () => {
    sf = await start();
    sf.mark();
    partner.callState = 'wrapup';
    partner.emit({ type: 'callStateChanged', state: 'wrapup', previous: 'connected' });
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([]);
  });

  it('a third party hanging up after its customer already reported HANGUP in an earlier call is still published', async () => {
    sf = await start();
    sf.mark();
    partner.emit({ type: 'remoteHangup', call: leg({ id: 'c-1', state: 'ended' }) });
    partner.emit({ type: 'callStateChanged', state: 'idle', previous: 'ringing' });
    partner.calls = [leg({ id: 'c-2', state: 'held' })];
    partner.emit({ type: 'remoteHangup', call: leg({ id: 't-1', role: 'thirdParty', direction: 'participant', parentId: 'c-1', state: 'ended' }) });
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'PARTICIPANT_REMOVED']);
  });

  it('END_CALL with no live call and no callId still answers with an ended call', async () => {
    sf = await start();
    sf.send('END_CALL', { call: {} });
    expect(await sf.waitForEvent('HANGUP')).toEqual([{ callId: 'unknown', state: 'ended' }]);
  });

  it('dispose cancels a pending AFTER_CALL_WORK_STARTED and stops listening', async () => {
    const clock = new FakeClock();
    sf = await start();
    // A second connector on the same fresh library, with its own clock, to observe timers.
    const connector = new sf.fresh.connector.Connector({ partner, status: stubStatus(), clock });
    await connector.init({});
    partner.emit({ type: 'incomingCall', call: leg({ direction: 'inbound' }) });
    partner.callState = 'wrapup';
    partner.emit({ type: 'callStateChanged', state: 'wrapup', previous: 'connected' });
    expect(clock.pendingTimers()).toBe(1);
    connector.dispose();
    expect(clock.pendingTimers()).toBe(0);
    connector.dispose();
  });

  it('defaults: real clock, misc arguments of odd shapes', async () => {
    sf = await start();
    const connector = new sf.fresh.connector.Connector({ partner, status: stubStatus() });
    expect((await connector.getSignedRecordingUrl()).success).toBe(false);
    connector.handleMessage(42);
    // Deep payloads are cut at eight levels in the vendor log (the library's log store, shared by the page).
    const download = jest.spyOn(sf.fresh.connector.Connector.prototype, 'downloadLogs').mockImplementation(() => undefined);
    connector.logMessageToVendor('INFO', 'x', [{ deep: { deeper: { deepest: { a: { b: { c: { d: { gone: 1 } } } } } } } }]);
    sf.send('DOWNLOAD_VENDOR_LOGS');
    await sf.settle();
    expect(download.mock.calls[0]?.[0].some((line) => line.includes('"payload":[{"deep":{"deeper":{"deepest":{"a":{"b":{"c":{"d":"[…]"}}}}}}}]'))).toBe(true);
    download.mockRestore();
    connector.dispose();
  });
});
