import { ECHO_WINDOW_MS, StatusSyncEngine, SYNC_LOG_LIMIT } from '../../src/status-sync/engine';
import { AVAILABLE, AWAY, BUSY, OFFLINE, TRAINING, AVAILABLE_2, exampleTable } from '../support/status-fixtures';
import { outcomes, settledAt, setup } from '../support/engine-harness';

describe('rule 1: Omni change while the agent is idle', () => {
  it('Omni picks Away: the partner goes BREAK at once, per statusMap', () => {
    const h = setup();
    const d = h.engine.omniChanged(AWAY, false);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(outcomes(d)).toEqual(['applied']);
    expect(d.success).toBe(true);
    expect(h.engine.view().salesforceStatusId).toBe(AWAY);
    expect(d.entries[0]?.reason).toContain('statusMap');
  });

  it('Omni picks the status the partner is already in: applied, no partner transition', () => {
    const h = setup({ partner: 'MEETING' });
    const d = h.engine.omniChanged(BUSY, false);
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['applied']);
    expect(d.entries[0]?.reason).toContain('already MEETING');
  });
});

describe('rule 2: partner change while the agent is idle', () => {
  it('a supervisor puts the agent on BREAK: SET_AGENT_STATUS Away is published at once', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([{ type: 'publishStatus', statusId: AWAY }]);
    expect(outcomes(d)).toEqual(['applied']);
    expect(h.engine.view().salesforceStatusId).toBe(AWAY);
  });

  it('OFFLINE publishes statusId "0"', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    expect(h.engine.partnerChanged('OFFLINE').effects).toEqual([{ type: 'publishStatus', statusId: OFFLINE }]);
  });

  it('a partner status that Salesforce already agrees with is not published again', () => {
    const h = setup({ map: 'Available=AVAILABLE; Away=BREAK; Busy=BREAK' });
    settledAt(h, BUSY); // Busy -> BREAK
    h.engine.partnerChanged('MEETING'); // unmapped with this map
    h.advance(1);
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['ignored']);
  });
});

describe('rule 3: echo suppression', () => {
  it('Salesforce answers our published Away with setAgentStatus(Away): echo, no second partner transition', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK');
    h.advance(50);
    const echo = h.engine.omniChanged(AWAY, false);
    expect(echo.effects).toEqual([]);
    expect(outcomes(echo)).toEqual(['echo']);
    expect(echo.success).toBe(true);
  });

  it('an echo is recognised up to ECHO_WINDOW_MS, and after that it is an ordinary (no-op) Omni change', () => {
    for (const [wait, expected] of [
      [ECHO_WINDOW_MS, 'echo'],
      [ECHO_WINDOW_MS + 1, 'applied'],
    ] as const) {
      const h = setup();
      settledAt(h, AVAILABLE);
      h.engine.partnerChanged('BREAK');
      h.advance(wait);
      const d = h.engine.omniChanged(AWAY, false);
      expect(outcomes(d)).toEqual([expected]);
      expect(d.effects).toEqual([]);
    }
  });

  it('a late echo of an older publish does not drag the partner back (nothing loops)', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK'); // publishes Away
    h.advance(5);
    h.engine.partnerChanged('MEETING'); // publishes Busy
    h.advance(5);
    const lateEcho = h.engine.omniChanged(AWAY, false);
    expect(outcomes(lateEcho)).toEqual(['echo']);
    expect(lateEcho.effects).toEqual([]);
    expect(h.engine.partner).toBe('MEETING');
    expect(outcomes(h.engine.omniChanged(BUSY, false))).toEqual(['echo']);
  });

  it('an echo is consumed once: the same status chosen again later is an ordinary Omni change', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK');
    h.advance(1);
    expect(outcomes(h.engine.omniChanged(AWAY, false))).toEqual(['echo']);
    h.advance(1);
    expect(outcomes(h.engine.omniChanged(AWAY, false))).toEqual(['applied']);
  });

  it('a real Omni change ends every echo expectation: a later change to the published status is applied', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.partnerChanged('BREAK'); // publishes Away; Salesforce never echoes
    h.advance(5);
    expect(h.engine.omniChanged(AVAILABLE, false).effects).toEqual([{ type: 'setPartnerStatus', status: 'AVAILABLE' }]);
    h.advance(5);
    const d = h.engine.omniChanged(AWAY, false);
    expect(outcomes(d)).toEqual(['applied']);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });
});

describe('rule 4: call-state guard', () => {
  it.each(['ringing', 'connected', 'held', 'wrapup'] as const)('ignore: a partner change while %s is not published and the partner is set back', (call) => {
    const h = setup({ policy: 'ignore' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged(call);
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'AVAILABLE' }]);
    expect(outcomes(d)).toEqual(['ignored']);
    expect(h.engine.view().pending).toBeNull();
    h.advance(1);
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.effects).toEqual([]);
  });

  it('ignore before Salesforce ever told us its status: dropped, partner left as is', () => {
    const h = setup({ policy: 'ignore', call: 'connected' });
    const d = h.engine.partnerChanged('BREAK');
    expect(d.effects).toEqual([]);
    expect(d.entries[0]?.reason).toContain('not known yet');
  });

  it('defer: only the latest partner change is published when the call and its wrap-up end', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('ringing');
    h.engine.callStateChanged('connected');
    h.advance(1);
    expect(h.engine.partnerChanged('BREAK').effects).toEqual([]);
    h.advance(1);
    const second = h.engine.partnerChanged('MEETING');
    expect(outcomes(second)).toEqual(['superseded', 'deferred']);
    expect(h.engine.view().pending).toEqual({ direction: 'toSalesforce', status: 'MEETING', statusId: BUSY });
    expect(h.engine.callStateChanged('wrapup').effects).toEqual([]);
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.effects).toEqual([{ type: 'publishStatus', statusId: BUSY }]);
    expect(h.engine.view().pending).toBeNull();
    expect(h.engine.callStateChanged('ringing').effects).toEqual([]);
    expect(h.engine.callStateChanged('idle').effects).toEqual([]);
  });

  it('defer: when the latest deferred change is unmapped, nothing is published', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('ringing');
    h.engine.partnerChanged('BREAK');
    h.advance(1);
    h.engine.partnerChanged('LUNCH');
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.effects).toEqual([]);
    expect(outcomes(lifted)).toEqual(['unmapped']);
  });

  it('a declined or missed call (ringing → idle) lifts the guard at once', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('ringing');
    h.engine.partnerChanged('BREAK');
    expect(h.engine.callStateChanged('idle').effects).toEqual([{ type: 'publishStatus', statusId: AWAY }]);
  });

  it('wrap-up ends with a SET_AGENT_STATUS that is not enqueued: partner follows, then wrap-up ends', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('wrapup');
    const d = h.engine.omniChanged(AWAY, false);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }, { type: 'endWrapUp' }]);
    expect(d.entries[0]?.reason).toContain('ends wrap-up');
  });

  it('a status chosen during a connected call without enqueue applies at once and the call goes on', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    const d = h.engine.omniChanged(BUSY, false);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'MEETING' }]);
  });
});

describe('rule 5: enqueueNextState while the guard is up', () => {
  it('is held as pending (ringing included) and applied once when the guard lifts', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('ringing');
    const d = h.engine.omniChanged(AWAY, true);
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['deferred']);
    expect(h.engine.view().pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: AWAY });
    expect(h.engine.view().salesforceStatusId).toBe(AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.callStateChanged('wrapup');
    const lifted = h.engine.callStateChanged('idle');
    expect(lifted.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(h.engine.view()).toMatchObject({ pending: null, salesforceStatusId: AWAY });
    h.engine.callStateChanged('ringing');
    expect(h.engine.callStateChanged('idle').effects).toEqual([]);
  });

  it('a newer enqueued change supersedes the older one', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(AWAY, true);
    h.advance(1);
    const newer = h.engine.omniChanged(BUSY, true);
    expect(outcomes(newer)).toEqual(['superseded', 'deferred']);
    expect(h.engine.callStateChanged('wrapup').effects).toEqual([]);
    expect(h.engine.callStateChanged('idle').effects).toEqual([{ type: 'setPartnerStatus', status: 'MEETING' }]);
  });

  it('enqueue while idle is simply applied', () => {
    const h = setup();
    expect(h.engine.omniChanged(AWAY, true).effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });

  it('latest intent wins across sides: a deferred partner change is superseded by a later enqueued Omni change', () => {
    const h = setup({ policy: 'defer' });
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.partnerChanged('BREAK');
    h.advance(1);
    h.engine.omniChanged(BUSY, true);
    expect(h.engine.view().pending).toEqual({ direction: 'toPartner', status: 'MEETING', statusId: BUSY });
    expect(h.engine.callStateChanged('idle').effects).toEqual([{ type: 'setPartnerStatus', status: 'MEETING' }]);
  });

  it('ties go to Salesforce: a partner change in the same millisecond as an enqueued Omni change is superseded', () => {
    for (const [gap, expected] of [
      [0, ['superseded']],
      [1, ['superseded', 'deferred']],
    ] as const) {
      const h = setup({ policy: 'defer' });
      settledAt(h, AVAILABLE);
      h.engine.callStateChanged('connected');
      h.engine.omniChanged(BUSY, true);
      h.advance(gap);
      const d = h.engine.partnerChanged('BREAK');
      expect(outcomes(d)).toEqual(expected);
      const pendingDirection = h.engine.view().pending?.direction;
      expect(pendingDirection).toBe(gap === 0 ? 'toPartner' : 'toSalesforce');
      if (gap === 0) expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'AVAILABLE' }]);
    }
  });
});

describe('rule 6: routability fallbacks for unmapped Salesforce statuses', () => {
  it.each([
    [AVAILABLE_2, 'AVAILABLE', 'routable status falls back to AVAILABLE'],
    [TRAINING, 'NOT_READY', 'non-routable status falls back to NOT_READY'],
    [OFFLINE, 'OFFLINE', 'offline'],
  ])('statusId %s → %s', (statusId, partner, reason) => {
    const h = setup({ partner: 'BREAK' });
    const d = h.engine.omniChanged(statusId, false);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: partner }]);
    expect(d.entries[0]?.reason).toContain(reason);
  });
});

describe('rule 7: unmapped partner statuses', () => {
  it('LUNCH has no Salesforce mapping: not published, logged as unmapped', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    const d = h.engine.partnerChanged('LUNCH');
    expect(d.effects).toEqual([]);
    expect(outcomes(d)).toEqual(['unmapped']);
    expect(d.entries[0]?.reason).toContain('LUNCH');
    expect(h.engine.view().salesforceStatusId).toBe(AVAILABLE);
  });
});

describe('rule 6 outranks rule 7', () => {
  it('an unmapped partner status that would make the agent routable while Salesforce has no channels is set back', () => {
    const h = setup({ map: 'Away=BREAK; Busy=MEETING' });
    settledAt(h, AWAY);
    const d = h.engine.partnerChanged('AVAILABLE');
    expect(outcomes(d)).toEqual(['unmapped']);
    expect(d.effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(d.entries[0]?.reason).toContain('set back to BREAK');
  });

  it('an unmapped non-routable partner status is left alone (rule 7)', () => {
    const h = setup();
    settledAt(h, AWAY);
    expect(h.engine.partnerChanged('LUNCH').effects).toEqual([]);
  });
});

describe('rule 8: bad input from Salesforce', () => {
  it('an unknown statusId is invalid and the pending change survives it', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(AWAY, true);
    const bad = h.engine.omniChanged('0N5xxNOPE', true);
    expect(bad.success).toBe(false);
    expect(outcomes(bad)).toEqual(['invalid']);
    expect(bad.entries[0]?.reason).toContain('unknown statusId 0N5xxNOPE');
    const rejected = h.engine.omniRejected('?', 'no statusId');
    expect(rejected.success).toBe(false);
    expect(h.engine.view().pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: AWAY });
    expect(h.engine.callStateChanged('idle').effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
  });
});

describe('rule 9: persistence', () => {
  it('a pending change survives a reload and is applied if the call ended while the page was away', () => {
    const before = setup();
    settledAt(before, AVAILABLE);
    before.engine.callStateChanged('connected');
    before.engine.omniChanged(AWAY, true);
    const saved: unknown = JSON.parse(JSON.stringify(before.engine.toJSON()));

    const after = setup({ call: 'idle' });
    expect(after.engine.restore(saved)).toEqual([]);
    expect(after.engine.view().pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: AWAY });
    expect(after.engine.resume().effects).toEqual([{ type: 'setPartnerStatus', status: 'BREAK' }]);
    expect(after.engine.resume().effects).toEqual([]);
  });

  it('still on the call after the reload: the pending change keeps waiting', () => {
    const before = setup({ policy: 'defer' });
    settledAt(before, AVAILABLE);
    before.engine.callStateChanged('connected');
    before.engine.partnerChanged('MEETING');
    const after = setup({ policy: 'defer', call: 'connected', partner: 'MEETING' });
    after.engine.restore(JSON.parse(JSON.stringify(before.engine.toJSON())));
    expect(after.engine.resume().effects).toEqual([]);
    expect(after.engine.callStateChanged('idle').effects).toEqual([{ type: 'publishStatus', statusId: BUSY }]);
  });

  it('restore drops malformed fields one by one and never throws', () => {
    const h = setup();
    expect(h.engine.restore('garbage')).toEqual(['state']);
    expect(
      h.engine.restore({
        salesforceStatusId: 42,
        pending: { direction: 'sideways' },
        awaitingEcho: 'x',
        lastSalesforceIntentAt: 'yesterday',
        syncLog: {},
      }),
    ).toEqual(['salesforceStatusId', 'pending', 'awaitingEcho', 'syncLog']);
    expect(h.engine.restore({ pending: { direction: 'toPartner', statusId: 'unknown' } })).toEqual(['pending']);
    expect(h.engine.restore({ pending: { direction: 'toSalesforce', status: 'NAPPING' } })).toEqual(['pending']);
    expect(h.engine.restore({ pending: { direction: 'toSalesforce', status: 'LUNCH' } })).toEqual([]);
    expect(h.engine.view().pending).toEqual({ direction: 'toSalesforce', status: 'LUNCH' });
    expect(h.engine.view()).toMatchObject({ salesforceStatusId: null, syncLog: [] });
  });
});

describe('sync log', () => {
  it(`keeps the newest ${SYNC_LOG_LIMIT} entries`, () => {
    const h = setup();
    for (let i = 0; i < SYNC_LOG_LIMIT + 5; i++) {
      h.advance(1);
      h.engine.omniChanged(i % 2 === 0 ? AWAY : AVAILABLE, false);
    }
    const log = h.engine.view().syncLog;
    expect(log).toHaveLength(SYNC_LOG_LIMIT);
    expect(log[log.length - 1]?.to).toBe(AWAY);
  });

  it('says no names: entries carry statusIds and partner codes only', () => {
    const h = setup();
    h.engine.omniChanged(AWAY, false);
    h.engine.partnerChanged('MEETING');
    expect(JSON.stringify(h.engine.view().syncLog)).not.toMatch(/Away|Busy|Available/);
  });
});

describe('logout', () => {
  it('drops a pending change so the call ending with the logout cannot bring the agent back online', () => {
    const h = setup();
    settledAt(h, AVAILABLE);
    h.engine.callStateChanged('connected');
    h.engine.omniChanged(AWAY, true);
    const d = h.engine.loggedOut();
    expect(d.entries.map((e) => [e.outcome, e.reason])).toEqual([['superseded', 'replaced by logout']]);
    h.engine.partnerApplied('OFFLINE');
    expect(h.engine.callStateChanged('idle').effects).toEqual([]);
    expect(h.engine.view()).toMatchObject({ pending: null, salesforceStatusId: OFFLINE });
  });
});

describe('CONTRACT 7.5: ordering uses a monotonic clock', () => {
  function engineWithClocks(): { engine: StatusSyncEngine; wall: (ms: number) => void; tick: (ms: number) => void } {
    let wall = 1_700_000_000_000;
    let mono = 5_000;
    const engine = new StatusSyncEngine({ table: exampleTable(), policy: 'defer', now: () => wall, elapsed: () => mono, partnerStatus: 'AVAILABLE', callState: 'idle' });
    return {
      engine,
      wall: (ms) => (wall += ms),
      tick: (ms) => {
        wall += ms;
        mono += ms;
      },
    };
  }

  it('an Omni change of an earlier call does not swallow a partner change of a later call after the wall clock stepped back', () => {
    const { engine, wall, tick } = engineWithClocks();
    engine.omniChanged(AVAILABLE, false);
    tick(1);
    engine.callStateChanged('connected');
    engine.omniChanged(BUSY, true);
    tick(10);
    engine.callStateChanged('idle');
    wall(-3_600_000);
    tick(1_000);
    engine.callStateChanged('connected');
    expect(outcomes(engine.partnerChanged('BREAK'))).toEqual(['deferred']);
    expect(engine.callStateChanged('idle').effects).toEqual([{ type: 'publishStatus', statusId: AWAY }]);
  });

  it('a wall-clock step back within one call does not turn a later partner change into a tie', () => {
    const { engine, wall, tick } = engineWithClocks();
    engine.omniChanged(AVAILABLE, false);
    tick(1);
    engine.callStateChanged('connected');
    engine.omniChanged(BUSY, true);
    wall(-60_000);
    tick(5);
    expect(outcomes(engine.partnerChanged('BREAK'))).toEqual(['superseded', 'deferred']);
    expect(engine.view().pending).toMatchObject({ direction: 'toSalesforce', status: 'BREAK' });
  });

  it('the tie time is not persisted: it means nothing in another page load', () => {
    const { engine, tick } = engineWithClocks();
    engine.callStateChanged('connected');
    engine.omniChanged(BUSY, true);
    tick(1);
    expect(Object.keys(engine.toJSON())).not.toContain('lastSalesforceIntentAt');
  });
});
