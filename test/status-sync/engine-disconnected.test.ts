/**
 * CONTRACT §8 in the pure rules: while the partner is not connected an Omni change is
 * answered success and held pending; on reconnect it is applied unless a newer partner
 * change (by the partner's clock) supersedes it; nothing stale is published.
 */
import { AVAILABLE, AWAY, BUSY } from '../support/status-fixtures';
import { dropped, outcomes, settledAt, setup } from '../support/engine-harness';

describe('an Omni change while the partner is disconnected', () => {
  it('is answered success, held pending with outcome deferred naming the disconnection, and nothing goes to the partner', () => {
    const h = dropped();
    const d = h.engine.omniChanged(AWAY, false);
    expect(d.success).toBe(true);
    expect(d.effects).toEqual([]);
    expect(d.entries.map((e) => [e.outcome, e.from, e.to, e.reason])).toEqual([
      ['deferred', AVAILABLE, AWAY, 'partner disconnected: held until it reconnects, partner goes BREAK (statusMap) then'],
    ]);
    expect(h.engine.view()).toMatchObject({ salesforceStatusId: AWAY, pending: { direction: 'toPartner', status: 'BREAK', statusId: AWAY } });
  });

  it('is applied once the partner is back, exactly once', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    h.advance(5_000);
    const back = h.engine.connectionChanged(true);
    expect(back.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(back.entries.map((e) => [e.outcome, e.to, e.reason])).toEqual([['applied', AWAY, 'partner reconnected: held change applied, partner BREAK']]);
    expect(h.engine.view().pending).toBeNull();
    h.engine.connectionChanged(false);
    expect(h.engine.connectionChanged(true).effects).toEqual([]);
  });

  it('only the latest one is kept: an earlier one is superseded and never applied', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    h.advance(1);
    expect(outcomes(h.engine.omniChanged(BUSY, false))).toEqual(['superseded', 'deferred']);
    expect(h.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'MEETING' }]);
  });

  it('a connection that is up again but never went down releases nothing', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    expect(h.engine.connectionChanged(true)).toMatchObject({ effects: [], entries: [] });
  });
});

describe('a partner change competing with the held Omni change, by the partner clock', () => {
  it('a newer one supersedes it: the Omni change is dropped with a reason and the partner status is published', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    const omniAt = h.now();
    const d = h.engine.partnerChanged('MEETING', omniAt + 1);
    expect(d.entries.map((e) => [e.outcome, e.direction, e.to, e.reason])).toEqual([
      ['superseded', 'toPartner', AWAY, 'replaced by newer partner MEETING (made while disconnected, partner time)'],
      ['applied', 'toSalesforce', 'MEETING', `published SET_AGENT_STATUS ${BUSY}`],
    ]);
    expect(d.effects).toEqual([{ type: 'publishStatus', statusId: BUSY }]);
    expect(h.engine.connectionChanged(true).effects).toEqual([]);
  });

  it('an older one is stale: not published, and the Omni change is applied on reconnect', () => {
    const h = dropped();
    h.advance(10);
    h.engine.omniChanged(AWAY, false);
    const d = h.engine.partnerChanged('MEETING', h.now() - 1);
    expect(d.effects).toEqual([]);
    expect(d.entries.map((e) => [e.outcome, e.to, e.reason])).toEqual([
      ['superseded', 'MEETING', 'older than the Omni change held while the partner was disconnected (partner time); not published'],
    ]);
    expect(h.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('one at the same partner millisecond is not older: it wins (the partner had the last word)', () => {
    const h = dropped();
    h.engine.omniChanged(AWAY, false);
    expect(h.engine.partnerChanged('MEETING', h.now()).effects).toEqual([{ type: 'publishStatus', statusId: BUSY }]);
  });

  it('compares with the partner clock, not the local one', () => {
    let partnerClock = 5_000;
    const h = setup({ partnerNow: () => partnerClock });
    settledAt(h, AVAILABLE);
    h.engine.connectionChanged(false);
    h.engine.omniChanged(AWAY, false); // partner time 5000, local time far later
    partnerClock = 4_000;
    expect(outcomes(h.engine.partnerChanged('MEETING', 4_999))).toEqual(['superseded']);
    expect(outcomes(h.engine.partnerChanged('MEETING', 5_001))).toEqual(['superseded', 'applied']);
  });
});

describe('held changes and calls', () => {
  it('an enqueued change made while disconnected during a call waits for the call and the partner both', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.connectionChanged(false);
    expect(h.engine.omniChanged(AWAY, true).entries.at(-1)?.reason).toBe('agent connected: enqueued, partner goes BREAK (statusMap) after the call, once the partner is back');
    expect(h.engine.connectionChanged(true).effects).toEqual([]);
    h.engine.connectionChanged(false);
    expect(h.engine.callStateChanged('idle').effects).toEqual([]);
    expect(h.engine.view()).toMatchObject({ salesforceStatusId: AWAY, pending: { statusId: AWAY } });
    expect(h.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('a change enqueued while connected and released while disconnected waits for the reconnection', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(AWAY, true);
    h.engine.connectionChanged(false);
    expect(h.engine.callStateChanged('idle').effects).toEqual([]);
    expect(h.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('a change that is not enqueued, made in wrap-up while disconnected, ends wrap-up on reconnect', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.callStateChanged('wrapup');
    h.engine.connectionChanged(false);
    h.engine.omniChanged(AWAY, false);
    const back = h.engine.connectionChanged(true);
    expect(back.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }, { type: 'endWrapUp' }]);
    expect(back.entries.at(-1)?.reason).toBe('partner reconnected: held change applied, partner BREAK; ends wrap-up');
  });
});

describe('a held change and the reload', () => {
  it('survives a reload and is applied when the restored engine finds the partner connected', () => {
    const before = dropped();
    before.engine.omniChanged(AWAY, false);
    const saved: unknown = JSON.parse(JSON.stringify(before.engine.toJSON()));
    const after = setup();
    expect(after.engine.restore(saved)).toEqual([]);
    const d = after.engine.resume();
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(d.entries.at(-1)?.reason).toBe('partner connected after reload: held change applied, partner BREAK');
  });

  it('after a reload while still disconnected, it keeps its partner time against partner changes', () => {
    const before = dropped();
    before.engine.omniChanged(AWAY, false);
    const at = before.now();
    const after = setup({ connected: false });
    after.engine.restore(JSON.parse(JSON.stringify(before.engine.toJSON())));
    expect(after.engine.resume().effects).toEqual([]);
    expect(outcomes(after.engine.partnerChanged('MEETING', at - 1))).toEqual(['superseded']);
    expect(after.engine.connectionChanged(true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('a malformed held marker is dropped and named', () => {
    const h = setup();
    expect(h.engine.restore({ held: { at: 'soon', enqueued: false } })).toEqual(['held']);
  });
});
