/**
 * The sync log says, for every decision, which way the change went and why (CONTRACT §4:
 * `direction` is the side the change came from). Each outcome's entry is checked whole
 * here: direction, outcome, from, to and the reason's cause.
 */
import type { Decision } from '../../src/status-sync/engine';
import { AVAILABLE, AWAY, BUSY } from '../support/status-fixtures';
import { dropped, settledAt, setup } from '../support/engine-harness';

const entries = (d: Decision): [string, string, string | null, string, string][] =>
  d.entries.map((e) => [e.direction, e.outcome, e.from, e.to, e.reason]);

describe('each sync log entry names its direction, outcome and cause', () => {
  it('an unknown statusId from Omni: toPartner, invalid, "not in userPresenceStatuses"', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    expect(entries(h.engine.omniChanged('0N5xx00000NOPE', false))).toEqual([
      ['toPartner', 'invalid', AVAILABLE, '0N5xx00000NOPE', 'unknown statusId 0N5xx00000NOPE (not in userPresenceStatuses)'],
    ]);
  });

  it("Salesforce's echo of our change: toPartner, echo, the partner's status kept", () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK');
    h.advance(50);
    expect(entries(h.engine.omniChanged(AWAY, false))).toEqual([
      ['toPartner', 'echo', AWAY, AWAY, 'Salesforce echoed our change; partner stays BREAK'],
    ]);
  });

  it('a newer Omni change replaces a held one: the held one is superseded "by newer Omni <statusId>"', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    h.advance(1);
    const [superseded] = entries(h.engine.omniChanged(BUSY, false));
    expect(superseded?.slice(0, 2)).toEqual(['toPartner', 'superseded']);
    expect(superseded?.[4]).toContain(`newer Omni ${BUSY}`);
  });

  it('a partner change older than the held Omni change: toSalesforce, superseded, not published', () => {
    const h = dropped();
    h.advance(10);
    h.engine.omniChanged(AWAY, false);
    expect(entries(h.engine.partnerChanged('MEETING', h.now() - 1))).toEqual([
      ['toSalesforce', 'superseded', 'AVAILABLE', 'MEETING', 'older than the Omni change held while the partner was disconnected (partner time); not published'],
    ]);
  });

  it('a tie with an enqueued Omni change: toSalesforce, superseded, "Salesforce wins"', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(BUSY, true);
    const [entry] = entries(h.engine.partnerChanged('BREAK'));
    expect(entry?.slice(0, 4)).toEqual(['toSalesforce', 'superseded', 'AVAILABLE', 'BREAK']);
    expect(entry?.[4]).toContain('tie with a Salesforce change; Salesforce wins');
  });

  it('a partner change during a call with onCallPolicy ignore: toSalesforce, ignored, naming the call state', () => {
    const h = setup({ policy: 'ignore' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    const [entry] = entries(h.engine.partnerChanged('BREAK'));
    expect(entry?.slice(0, 4)).toEqual(['toSalesforce', 'ignored', 'AVAILABLE', 'BREAK']);
    expect(entry?.[4]).toContain('agent connected; onCallPolicy ignore');
  });

  it('a held change applied on reconnect: toPartner, applied, from nobody (it was already answered)', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    expect(entries(h.engine.connectionChanged(true))).toEqual([
      ['toPartner', 'applied', null, AWAY, 'partner reconnected: held change applied, partner BREAK'],
    ]);
  });

  it('a held change applied on reconnect during wrap-up also ends the wrap-up, and says so', () => {
    const h = dropped();
    h.engine.callStateChanged('wrapup');
    h.engine.omniChanged(AWAY, false);
    const back = h.engine.connectionChanged(true);
    expect(entries(back)).toEqual([['toPartner', 'applied', null, AWAY, 'partner reconnected: held change applied, partner BREAK; ends wrap-up']]);
    expect(back.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }, { type: 'endWrapUp' }]);
  });
});

describe('a held change waits for the partner to come back, however often the loss is reported', () => {
  it('a second "disconnected" applies nothing; the change is still held, and applied once on reconnect', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    const again = h.engine.connectionChanged(false);
    expect(again).toMatchObject({ effects: [], entries: [] });
    expect(h.engine.view().pending).toMatchObject({ direction: 'toPartner', statusId: AWAY });
    expect(h.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('an enqueued one from a call that ended while the page was away: applied after the reload, and Omni\'s status becomes it', () => {
    const before = dropped();
    before.engine.callStateChanged('connected');
    before.engine.omniChanged(AWAY, true);
    expect(before.engine.view().salesforceStatusId).toBe(AVAILABLE); // Salesforce's effective status until the call ends
    const after = setup();
    expect(after.engine.restore(JSON.parse(JSON.stringify(before.engine.toJSON())))).toEqual([]);
    const d = after.engine.resume();
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(after.engine.view()).toMatchObject({ salesforceStatusId: AWAY, pending: null });
  });
});
