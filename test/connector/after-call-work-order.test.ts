/**
 * `HANGUP` before `AFTER_CALL_WORK_STARTED` also when the partner answers `END_CALL` in a
 * later message than its wrap-up event (a remote partner): found by hand in remote mode,
 * where the emulator, seeing the announcement first, dropped the after-call work.
 */
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

describe('after-call work with a late command answer', () => {
  let sf: SalesforceDouble | undefined;
  afterEach(() => sf?.close());

  it('END_CALL answered after the wrap-up event: HANGUP first, then AFTER_CALL_WORK_STARTED', async () => {
    const clock = new FakeClock();
    const partner = new ScriptedPartner(clock);
    sf = await SalesforceDouble.start({ clock, connectorConfig: { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' }, partners: { remote: () => partner } });
    const call = partner.server.incomingCall('+14155550142')!;
    partner.server.acceptCall(call.id);
    await sf.settle();
    const release = partner.answerLate('hangUp');
    sf.mark();
    sf.send('END_CALL', { call: { callId: call.id } });
    await sf.settle();
    expect(partner.getCallState()).toBe('wrapup');
    expect(sf.eventTypesSinceMark()).toEqual([]);
    release();
    await sf.settle();
    expect(sf.eventTypesSinceMark()).toEqual(['HANGUP', 'AFTER_CALL_WORK_STARTED']);
  });
});
