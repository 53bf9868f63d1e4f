/**
 * Finer points of the sync rules that the rule-by-rule tests (engine.test.ts) do not
 * reach: what the engine believes about the partner, the exact bounds of its windows and
 * queues, restoring state against a changed table, and what each sync-log entry says.
 * Each test states a behaviour an agent or an admin could see; mutation testing
 * (`npm run test:mutation`) found that no test noticed these change.
 */
import type { PartnerStatus } from '../../src/vocabulary/partner-status';
import { ECHO_QUEUE_LIMIT, ECHO_WINDOW_MS, SYNC_LOG_LIMIT } from '../../src/status-sync/engine';
import { AVAILABLE, AVAILABLE_2, AWAY, BUSY, OFFLINE, TRAINING } from '../support/status-fixtures';
import { outcomes, settledAt, setup } from '../support/engine-harness';

describe('what the engine believes about the partner', () => {
  it('when the partner did not take a status (partnerApplied reports its real one), the next Omni change asks again', () => {
    const h = setup({ partner: 'AVAILABLE' });
    expect(h.engine.omniChanged(AWAY, false).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    // The partner refused BREAK and stayed AVAILABLE; the shell says so.
    h.engine.partnerApplied('AVAILABLE');
    expect(h.engine.partner).toBe('AVAILABLE');
    h.advance(1);
    expect(h.engine.omniChanged(AWAY, false).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('a status the connector applied is not a partner change: nothing is published for it', () => {
    const h = setup({ partner: 'AVAILABLE' });
    settledAt(h, AVAILABLE);
    h.engine.partnerApplied('BREAK');
    expect(h.engine.partner).toBe('BREAK');
    // Omni asks for Away (BREAK): the partner is there already, no transition.
    const d = h.engine.omniChanged(AWAY, false);
    expect(d.effects).toEqual([]);
    expect(d.entries[0]?.reason).toBe('partner already BREAK (statusMap)');
  });
});

describe('ties between the two sides during a call', () => {
  it('a partner change 1 ms after an Omni change made during the call is an ordinary deferred change, not a tie', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(BUSY, false); // applied at once, during the call
    h.advance(1);
    const d = h.engine.partnerChanged('BREAK');
    expect(outcomes(d)).toEqual(['deferred']);
    expect(h.engine.view().pending).toEqual({ direction: 'toSalesforce', status: 'BREAK', statusId: AWAY });
  });

  it('a partner change in the same millisecond as an Omni change during the call loses: Salesforce wins, the partner is set back', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(BUSY, false);
    const d = h.engine.partnerChanged('BREAK');
    expect(outcomes(d)).toEqual(['superseded']);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'MEETING' }]);
    expect(d.entries[0]?.reason).toBe('tie with a Salesforce change; Salesforce wins; partner set back to MEETING to match Salesforce');
    expect(h.engine.view().pending).toBeNull();
  });

  it('an Omni change made while idle does not make a later partner change in the same millisecond a tie', () => {
    const h = setup({ policy: 'defer' });
    h.engine.omniChanged(AVAILABLE, false); // idle: no competition for the pending slot
    h.engine.callStateChanged('connected');
    const d = h.engine.partnerChanged('BREAK');
    expect(outcomes(d)).toEqual(['deferred']);
  });

  it('idle, a partner change in the same millisecond as an Omni change is published (both apply, in order)', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(BUSY, false);
    h.advance(1);
    h.engine.callStateChanged('idle');
    h.advance(-1); // the same millisecond as the Omni change
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([{ type: 'publishStatus', statusId: AWAY }]);
  });
});

describe('echo window and queue bounds', () => {
  it(`an echo arriving with the clock behind the publish (a clock step back) is not an echo`, () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK');
    h.advance(-1);
    expect(outcomes(h.engine.omniChanged(AWAY, false))).toEqual(['applied']);
  });

  it(`keeps at most ${ECHO_QUEUE_LIMIT} awaited echoes: the oldest is forgotten first`, () => {
    const h = setup({ map: 'Available=AVAILABLE; Away=BREAK; Busy=MEETING; Training=TRAINING; Available Phone Only<AVAILABLE' });
    settledAt(h, AVAILABLE);
    // Alternate partner changes so each one publishes.
    const cycle: readonly [PartnerStatus, string][] = [['BREAK', AWAY], ['MEETING', BUSY], ['TRAINING', TRAINING]];
    const published: string[] = [];
    for (let i = 0; i <= ECHO_QUEUE_LIMIT; i++) {
      const [status, statusId] = cycle[i % cycle.length] as [PartnerStatus, string];
      expect(h.engine.partnerChanged(status).effects).toEqual([{ type: 'publishStatus', statusId }]);
      published.push(statusId);
    }
    // ECHO_QUEUE_LIMIT + 1 published: the first one's echo is no longer awaited.
    const saved = h.engine.toJSON();
    expect(saved.awaitingEcho.map((e) => e.statusId)).toEqual(published.slice(1));
  });

  it(`restore keeps only the newest ${ECHO_QUEUE_LIMIT} awaited echoes, and only well-formed ones`, () => {
    const h = setup();
    const at = 1_700_000_000_000;
    const echoes = Array.from({ length: ECHO_QUEUE_LIMIT + 2 }, (_, i) => ({ statusId: i % 2 === 0 ? AWAY : BUSY, at: at + i }));
    expect(h.engine.restore({ awaitingEcho: [...echoes, { statusId: 7, at }, { statusId: AWAY, at: 'now' }, null] })).toEqual([]);
    expect(h.engine.toJSON().awaitingEcho).toEqual(echoes.slice(-ECHO_QUEUE_LIMIT));
  });

  it(`an echo exactly ${ECHO_WINDOW_MS} ms after the publish is still recognised after a reload`, () => {
    const before = setup();
    settledAt(before, AVAILABLE);
    before.engine.partnerChanged('BREAK');
    const after = setup({ partner: 'BREAK' });
    after.engine.restore(JSON.parse(JSON.stringify(before.engine.toJSON())));
    after.advance(1 + ECHO_WINDOW_MS);
    expect(outcomes(after.engine.omniChanged(AWAY, false))).toEqual(['echo']);
  });
});

describe('restore against the current mapping table', () => {
  it('keeps a salesforceStatusId the table knows, or null; drops one it does not know', () => {
    const h = setup();
    expect(h.engine.restore({ salesforceStatusId: AWAY })).toEqual([]);
    expect(h.engine.view().salesforceStatusId).toBe(AWAY);
    expect(h.engine.restore({ salesforceStatusId: null })).toEqual([]);
    expect(h.engine.view().salesforceStatusId).toBeNull();
    expect(h.engine.restore({ salesforceStatusId: '0N5xx000000GONE' })).toEqual(['salesforceStatusId']);
    expect(h.engine.view().salesforceStatusId).toBeNull();
  });

  it('a restored salesforceNext the table no longer knows is dropped, so the call end does not switch to it', () => {
    const h = setup({ call: 'connected' });
    expect(h.engine.restore({ salesforceStatusId: AVAILABLE, salesforceNext: '0N5xx000000GONE' })).toEqual(['salesforceNext']);
    expect(h.engine.restore({ salesforceNext: 42 })).toEqual(['salesforceNext']);
    h.engine.callStateChanged('idle');
    expect(h.engine.view().salesforceStatusId).toBe(AVAILABLE);
  });

  it('a restored salesforceNext the table knows becomes Salesforce\'s status when the call ends', () => {
    const h = setup({ call: 'connected' });
    expect(h.engine.restore({ salesforceStatusId: AVAILABLE, salesforceNext: AWAY })).toEqual([]);
    h.engine.callStateChanged('idle');
    expect(h.engine.view().salesforceStatusId).toBe(AWAY);
    expect(h.engine.restore({ salesforceNext: null })).toEqual([]);
  });

  it('a tie does not outlive the page: after a reload, a partner change competes with the pending Omni change as the later intent', () => {
    const before = setup({ policy: 'defer' });
    settledAt(before, AVAILABLE);
    before.engine.callStateChanged('connected');
    before.engine.omniChanged(BUSY, true);
    // Older versions persisted the tie's wall-clock time; it is ignored, not reported as dropped.
    const saved = { ...(JSON.parse(JSON.stringify(before.engine.toJSON())) as Record<string, unknown>), lastSalesforceIntentAt: 1_700_000_000_001 };
    const after = setup({ policy: 'defer', call: 'connected' });
    after.advance(1); // the same wall-clock millisecond as the enqueued Omni change
    expect(after.engine.restore(saved)).toEqual([]);
    expect(outcomes(after.engine.partnerChanged('BREAK'))).toEqual(['superseded', 'deferred']);
  });

  it('a restored pending partner change is re-mapped through the current table', () => {
    const h = setup({ call: 'connected', policy: 'defer' });
    expect(h.engine.restore({ pending: { direction: 'toSalesforce', status: 'MEETING', statusId: 'stale' } })).toEqual([]);
    expect(h.engine.view().pending).toEqual({ direction: 'toSalesforce', status: 'MEETING', statusId: BUSY });
    expect(h.engine.restore({ pending: { direction: 'toPartner', statusId: AWAY, status: 'LUNCH' } })).toEqual([]);
    expect(h.engine.view().pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: AWAY });
    expect(h.engine.restore({ pending: { direction: 'toPartner' } })).toEqual(['pending']);
    expect(h.engine.restore({ pending: 'BREAK' })).toEqual(['pending']);
    expect(h.engine.restore({ pending: null })).toEqual([]);
    expect(h.engine.view().pending).toBeNull();
  });

  it('restores only well-formed sync-log entries, the newest ones', () => {
    const h = setup();
    const entry = { at: 1, direction: 'toPartner', from: null, to: AWAY, outcome: 'applied', reason: 'r' };
    const bad = [
      { ...entry, at: 'x' },
      { ...entry, direction: 'sideways' },
      { ...entry, from: 3 },
      { ...entry, to: null },
      { ...entry, reason: 1 },
      { ...entry, outcome: 'maybe' },
      'entry',
    ];
    const good = Array.from({ length: SYNC_LOG_LIMIT + 1 }, (_, i) => ({ ...entry, at: i, from: i % 2 === 0 ? null : OFFLINE, direction: i % 2 === 0 ? 'toPartner' : 'toSalesforce' }));
    expect(h.engine.restore({ syncLog: [...bad, ...good] })).toEqual([]);
    expect(h.engine.view().syncLog).toEqual(good.slice(-SYNC_LOG_LIMIT));
    for (const outcome of ['applied', 'ignored', 'deferred', 'superseded', 'unmapped', 'echo', 'invalid']) {
      expect(h.engine.restore({ syncLog: [{ ...entry, outcome }] })).toEqual([]);
      expect(h.engine.view().syncLog).toHaveLength(1);
    }
  });
});

describe('the sync log', () => {
  it(`holds exactly ${SYNC_LOG_LIMIT} entries without dropping any`, () => {
    const h = setup();
    for (let i = 0; i < SYNC_LOG_LIMIT; i++) {
      h.advance(1);
      h.engine.omniChanged(i % 2 === 0 ? AWAY : AVAILABLE, false);
    }
    const log = h.engine.view().syncLog;
    expect(log).toHaveLength(SYNC_LOG_LIMIT);
    expect(log[0]?.to).toBe(AWAY);
    expect(log[0]?.from).toBeNull();
  });

  it('each entry is stamped with the time of its decision', () => {
    const h = setup();
    h.advance(42);
    const d = h.engine.omniChanged(AWAY, false);
    expect(d.entries[0]?.at).toBe(1_700_000_000_042);
  });

  it.each([
    ['map', AWAY, 'partner set to BREAK (statusMap)'],
    ['name', AVAILABLE, 'partner set to AVAILABLE (matched by name)'],
    ['fallback', TRAINING, 'partner set to NOT_READY (unmapped non-routable status falls back to NOT_READY)'],
    ['fallback, routable', AVAILABLE_2, 'partner set to AVAILABLE (unmapped routable status falls back to AVAILABLE)'],
    ['offline', OFFLINE, 'partner set to OFFLINE (offline)'],
  ])('says which mapping rule chose the partner status (%s)', (_rule, statusId, reason) => {
    // Name matching only happens without a map; the example's Available has its code's name.
    const h = setup({ partner: 'LUNCH', map: statusId === AVAILABLE ? '' : undefined });
    expect(h.engine.omniChanged(statusId, false).entries[0]?.reason).toBe(reason);
  });

  it('says what an Omni change did, for each way it can go', () => {
    const h = setup({ policy: 'defer' });
    h.engine.omniChanged(AVAILABLE, false);
    h.advance(1);
    h.engine.callStateChanged('connected');
    const enqueued = h.engine.omniChanged(AWAY, true);
    expect(enqueued.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['deferred', 'toPartner', AVAILABLE, AWAY, 'agent connected: enqueued, partner goes BREAK (statusMap) after the call'],
    ]);
    h.advance(1);
    const newer = h.engine.omniChanged(BUSY, true);
    expect(newer.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['superseded', 'toPartner', null, AWAY, `replaced by newer Omni ${BUSY}`],
      ['deferred', 'toPartner', AVAILABLE, BUSY, 'agent connected: enqueued, partner goes MEETING (statusMap) after the call'],
    ]);
    h.engine.callStateChanged('wrapup');
    h.advance(1);
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['applied', 'toPartner', AVAILABLE, BUSY, 'call ended (wrapup → idle): pending change applied, partner MEETING'],
    ]);
    const unknown = h.engine.omniChanged('nope', false);
    expect(unknown.entries.map((e) => [e.outcome, e.from, e.to, e.reason])).toEqual([['invalid', BUSY, 'nope', 'unknown statusId nope (not in userPresenceStatuses)']]);
    const rejected = h.engine.omniRejected('?', 'no statusId');
    expect(rejected.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([['invalid', 'toPartner', BUSY, '?', 'no statusId']]);
  });

  it('says what a partner change did, for each way it can go', () => {
    const h = setup({ policy: 'defer' });
    h.engine.omniChanged(AVAILABLE, false);
    h.advance(1);
    const published = h.engine.partnerChanged('BREAK');
    expect(published.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['applied', 'toSalesforce', 'AVAILABLE', 'BREAK', `published SET_AGENT_STATUS ${AWAY}`],
    ]);
    h.advance(1);
    const echo = h.engine.omniChanged(AWAY, false);
    expect(echo.entries.map((e) => [e.outcome, e.reason])).toEqual([['echo', 'Salesforce echoed our change; partner stays BREAK']]);
    h.advance(1);
    const unmapped = h.engine.partnerChanged('LUNCH');
    expect(unmapped.entries.map((e) => [e.outcome, e.from, e.to, e.reason])).toEqual([['unmapped', 'BREAK', 'LUNCH', 'no Salesforce status for LUNCH; not published']]);
    h.advance(1);
    const agreed = h.engine.partnerChanged('BREAK');
    expect(agreed.entries.map((e) => [e.outcome, e.reason])).toEqual([['ignored', `Salesforce ${AWAY} already matches BREAK`]]);
    h.engine.callStateChanged('ringing');
    h.advance(1);
    const deferred = h.engine.partnerChanged('MEETING');
    expect(deferred.entries.map((e) => [e.outcome, e.reason])).toEqual([['deferred', 'agent ringing; onCallPolicy defer: published after the call']]);
    h.advance(1);
    const newer = h.engine.partnerChanged('TRAINING');
    expect(newer.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['superseded', 'toSalesforce', null, 'MEETING', `replaced by newer partner TRAINING`],
      ['deferred', 'toSalesforce', 'MEETING', 'TRAINING', 'agent ringing; onCallPolicy defer: published after the call'],
    ]);
    h.advance(1);
    h.engine.partnerApplied('MEETING'); // moved on without a change of its own
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.entries.map((e) => [e.outcome, e.direction, e.from, e.to, e.reason])).toEqual([
      ['superseded', 'toSalesforce', 'TRAINING', 'MEETING', 'call ended (ringing → idle): partner moved on to MEETING'],
      ['applied', 'toSalesforce', 'TRAINING', 'MEETING', `call ended (ringing → idle): published SET_AGENT_STATUS ${BUSY}`],
    ]);
  });

  it('says why a partner change during a call is ignored, and whether the partner was set back', () => {
    const h = setup({ policy: 'ignore' });
    h.engine.omniChanged(AWAY, false);
    h.advance(1);
    h.engine.callStateChanged('held');
    const setBack = h.engine.partnerChanged('MEETING');
    expect(setBack.entries.map((e) => [e.outcome, e.reason])).toEqual([['ignored', 'agent held; onCallPolicy ignore; partner set back to BREAK to match Salesforce']]);
    h.advance(1);
    const already = h.engine.partnerChanged('BREAK');
    expect(already.entries.map((e) => [e.outcome, e.reason])).toEqual([['ignored', 'agent held; onCallPolicy ignore']]);
    expect(already.effects).toEqual([]);
  });

  it('says when an unmapped routable partner status is set back to keep routability', () => {
    const h = setup({ map: 'Away=BREAK; Busy=MEETING' });
    h.engine.omniChanged(AWAY, false);
    h.advance(1);
    const d = h.engine.partnerChanged('AVAILABLE');
    expect(d.entries.map((e) => e.reason)).toEqual(['no Salesforce status for AVAILABLE; not published; partner set back to BREAK to match Salesforce']);
  });

  it('an unmapped routable partner status is left alone while Salesforce\'s status is not known, or has channels', () => {
    const unknown = setup({ map: 'Away=BREAK; Busy=MEETING', partner: 'BREAK' });
    expect(unknown.engine.partnerChanged('AVAILABLE').effects).toEqual([]);
    const routable = setup({ map: 'Away=BREAK; Busy=MEETING', partner: 'BREAK' });
    routable.engine.omniChanged(AVAILABLE_2, false); // has channels: falls back to AVAILABLE
    routable.advance(1);
    routable.engine.partnerChanged('LUNCH');
    routable.advance(1);
    const d = routable.engine.partnerChanged('AVAILABLE');
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['unmapped']);
  });
});

describe('logout', () => {
  it('with nothing pending it logs nothing, and Salesforce is Offline', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    const d = h.engine.loggedOut();
    expect(d.entries).toEqual([]);
    expect(h.engine.view()).toMatchObject({ salesforceStatusId: OFFLINE, pending: null });
  });

  it('drops an enqueued Omni status, so the call end does not switch Salesforce to it', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(AWAY, true);
    h.engine.loggedOut();
    h.engine.callStateChanged('idle');
    expect(h.engine.view().salesforceStatusId).toBe(OFFLINE);
  });
});

describe('echo expectations in the persisted state', () => {
  it('a fresh engine awaits no echo, and a real Omni change clears every expectation', () => {
    const h = setup();
    expect(h.engine.toJSON().awaitingEcho).toEqual([]);
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK');
    expect(h.engine.toJSON().awaitingEcho).toEqual([{ statusId: AWAY, at: 1_700_000_000_001 }]);
    h.advance(1);
    h.engine.omniChanged(BUSY, false);
    expect(h.engine.toJSON().awaitingEcho).toEqual([]);
  });

  it('restored expectations keep only their statusId and time', () => {
    const h = setup();
    h.engine.restore({ awaitingEcho: [{ statusId: AWAY, at: 5, note: 'extra' }] });
    expect(h.engine.toJSON().awaitingEcho).toEqual([{ statusId: AWAY, at: 5 }]);
  });
});

describe('partner changes before Salesforce has told its status', () => {
  it('idle: the change is published', () => {
    const h = setup();
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([{ type: 'publishStatus', statusId: AWAY }]);
  });

  it('an unmapped routable status is reported without a note about setting it back', () => {
    const h = setup({ map: 'Away=BREAK; Busy=MEETING', partner: 'BREAK' });
    const d = h.engine.partnerChanged('AVAILABLE');
    expect(d.entries.map((e) => e.reason)).toEqual(['no Salesforce status for AVAILABLE; not published']);
  });
});

describe('agreement read either way', () => {
  it('a partner status that maps (one way) to Salesforce\'s current status is not published again', () => {
    const h = setup({ map: 'Available=AVAILABLE; Away>BREAK; Away<LUNCH' });
    settledAt(h, AWAY); // partner BREAK
    const d = h.engine.partnerChanged('LUNCH'); // LUNCH → Away, which Salesforce already has
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['ignored']);
  });
});

describe('pending changes and the reload', () => {
  it('a pending Omni change applied after a reload becomes Salesforce\'s status', () => {
    const h = setup();
    expect(h.engine.restore({ salesforceStatusId: AVAILABLE, pending: { direction: 'toPartner', statusId: AWAY } })).toEqual([]);
    const d = h.engine.resume();
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(d.entries.map((e) => e.reason)).toEqual(['idle after reload: pending change applied, partner BREAK']);
    expect(h.engine.view().salesforceStatusId).toBe(AWAY);
  });

  it('a pending change with an unknown direction is dropped, whatever else it holds', () => {
    const h = setup();
    expect(h.engine.restore({ pending: { direction: 'sideways', status: 'BREAK', statusId: AWAY } })).toEqual(['pending']);
    expect(h.engine.view().pending).toBeNull();
  });

  it('an unmapped partner change waits as a partner-side pending change', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.partnerChanged('LUNCH');
    expect(h.engine.view().pending).toEqual({ direction: 'toSalesforce', status: 'LUNCH' });
    expect(h.engine.view().syncLog.at(-1)).toMatchObject({ direction: 'toSalesforce', outcome: 'deferred', to: 'LUNCH' });
  });
});
