/**
 * The partner seam through the real base-library protocol: the partner chosen by
 * `/partner/mode`, init connecting it (login, unreachable), time limits, stale events,
 * and the partner's own facts after a reload.
 */
import { CONNECT_TIME_LIMIT_MS } from '../../src/connector/connector';
import { COMMAND_TIME_LIMIT_MS } from '../../src/partner/partner-telephony';
import { MemoryStore } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };

describe('the partner seam, end to end', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('reload during a barged-in supervisor call: CONNECTOR_READY says hasSupervisorBargedIn true, as the partner does', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const first = await SalesforceDouble.start({ store, clock });
    first.send('SUPERVISE_CALL', { call: { callId: 'other-agent-call', callType: 'Inbound' } });
    await first.waitForEvent('SUPERVISOR_CALL_CONNECTED');
    first.send('SUPERVISOR_BARGE_IN', { call: { callId: 'other-agent-call' } });
    await first.waitForEvent('SUPERVISOR_BARGED_IN');
    first.close();

    sf = await SalesforceDouble.start({ store, clock });
    expect(sf.page.partner.getCalls()).toEqual([expect.objectContaining({ role: 'supervisor', bargedIn: true })]);
    expect(sf.ready().callInProgress).toMatchObject({ callId: 'call-1', callAttributes: { participantType: 'Supervisor', hasSupervisorBargedIn: true } });
  });

  it('/partner/mode remote: the factory’s partner is connected in init and its calls reach Salesforce; the simulator is let go', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote } });
    expect(remote.connectionState).toBe('connected');
    expect(sf.page.partners.partner).toBe(remote);
    expect(sf.page.partner.connectionState).toBe('disconnected');
    sf.mark();
    remote.server.incomingCall('+14155550142');
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_STARTED']);
  });

  it('an unknown /partner/mode is reported and the simulator kept', async () => {
    sf = await SalesforceDouble.start({ connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'cloud' } });
    expect(sf.errors().map((l) => l.payload.message)).toContain('/partner/mode must be one of embedded, remote; using embedded');
    expect(sf.page.partners.partner).toBe(sf.page.partner);
  });

  it('a partner that needs a login: init answers showLogin, so Salesforce shows the login (SHOW_LOGIN, no CONNECTOR_READY)', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    remote.connectAs = 'loginRequired';
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote }, waitForReady: false });
    expect(await sf.waitForEvent('SHOW_LOGIN')).toEqual({ loginFrameHeight: 350 });
    expect(sf.messages().some((m) => m.type === 'CONNECTOR_READY')).toBe(false);
  });

  it('a partner that never answers connect: CONNECTOR_READY right at the connect time limit, with the reason logged', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    remote.connectAs = 'hang';
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote }, waitForReady: false });
    await sf.settle();
    clock.advance(CONNECT_TIME_LIMIT_MS - 1);
    await sf.settle();
    expect(sf.messages().some((m) => m.type === 'CONNECTOR_READY')).toBe(false);
    clock.advance(1);
    await sf.waitForMessage('CONNECTOR_READY');
    expect(sf.connectorLogs().find((l) => l.eventType === 'CONNECTOR_INIT_ERROR')?.payload.message).toBe(
      `partner not connected: connect: no answer from the partner within ${CONNECT_TIME_LIMIT_MS} ms`,
    );
  });

  it('a hold the partner never answers fails at the command time limit, not before, with a clear error in the log', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote } });
    const ringing = remote.server.incomingCall('+14155550142')!;
    remote.server.acceptCall(ringing.id);
    remote.hangNext('hold');
    await sf.settle();
    sf.mark();
    sf.send('HOLD', { call: { callId: ringing.id } });
    await sf.settle();
    clock.advance(COMMAND_TIME_LIMIT_MS - 1);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual([]);
    clock.advance(1);
    await sf.settle();
    expect(sf.eventsSinceMark()).toEqual([{ type: 'ERROR', payload: { message: 'CAN_NOT_HOLD_CALL' } }]);
    expect(sf.errors().at(-1)?.payload).toEqual({ errorType: 'CAN_NOT_HOLD_CALL', error: `hold: no answer from the partner within ${COMMAND_TIME_LIMIT_MS} ms` });
  });

  it('a late push of an old event is not published again', async () => {
    const clock = new FakeClock();
    const remote = new ScriptedPartner(clock);
    const seen: Parameters<Parameters<ScriptedPartner['subscribe']>[0]>[0][] = [];
    remote.subscribe((e) => seen.push(e));
    sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote } });
    sf.mark();
    remote.server.incomingCall('+14155550142');
    await sf.settle();
    remote.pushRaw(seen.find((e) => e.type === 'incomingCall')!);
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['CALL_STARTED']);
  });
});
