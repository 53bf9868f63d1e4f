/**
 * The leader's relay endpoint: answers its own Salesforce host before it tells the
 * followers (the Omni → partner path pays no clone of the mirror), and a follower's
 * result never overtakes the events of its command.
 */
import { PartnerHost } from '../../../src/composition/instances/partner-host';
import type { StatusBridge } from '../../../src/connector/status-bridge';
import { DeferredWork } from '../../../src/platform/deferred-work';
import { AgentVendorStatusInfo, GenericResult } from '../../../src/salesforce/scv';
import { FakeBroadcastChannel } from '../../support/fake-broadcast-channel';
import { FakeClock } from '../../support/fake-clock';
import { ScriptedPartner } from '../../support/scripted-partner';

function setup() {
  const clock = new FakeClock();
  const partner = new ScriptedPartner(clock, 'BREAK');
  void partner.connect();
  const channel = new FakeBroadcastChannel();
  const status: StatusBridge = {
    configure: () => undefined,
    setAgentStatus: async () => {
      await partner.setStatus('AVAILABLE', 'omni');
      return new GenericResult({ success: true });
    },
    getAgentStatus: () => new AgentVendorStatusInfo({ statusId: 'x' }),
    wrapUpCall: () => Promise.resolve(),
    logout: () => Promise.resolve(),
    flush: () => undefined,
    dispose: () => undefined,
    view: () => ({ salesforceStatusId: null, pending: null, syncLog: [] }),
    onChange: () => () => undefined,
  };
  const work = new DeferredWork(clock, (e) => {
    throw e;
  });
  const host = new PartnerHost({ id: 'L', partner, status, channel, clock, later: (job) => work.defer(job), configureOnce: () => undefined });
  clock.advance(0);
  channel.posted.length = 0;
  const kinds = (): string[] => channel.posted.map((m) => {
    const msg = m as { t: string; event?: { type: string } | null };
    return msg.t === 'event' ? `event:${msg.event?.type ?? 'state'}` : msg.t;
  });
  return { clock, partner, channel, host, kinds };
}

describe('PartnerHost', () => {
  it('answers the leader\'s own Omni change before posting anything to the followers, then posts the events in order', async () => {
    const { clock, channel, host, kinds } = setup();
    const answer = await host.omni('L', 'Online', { statusId: 'avail' }, false);
    expect(answer.success).toBe(true);
    expect(channel.posted).toEqual([]);
    clock.advance(0);
    expect(kinds()).toEqual(['event:statusChanged']);
    const sent = channel.posted[0] as { mirror: { status: string } };
    expect(sent.mirror.status).toBe('AVAILABLE');
  });

  it('each queued event keeps the mirror right after it', () => {
    const { clock, channel, partner } = setup();
    partner.server.setStatus('LUNCH', 'partner', 'wfm');
    partner.server.setStatus('MEETING', 'partner', 'wfm');
    clock.advance(0);
    expect(channel.posted.map((m) => (m as { mirror: { status: string } }).mirror.status)).toEqual(['LUNCH', 'MEETING']);
  });

  it('a follower\'s result is posted after the events of its command', async () => {
    const { clock, host, kinds } = setup();
    host.receive({ t: 'call', from: 'F', seq: 1, op: 'setStatus', args: ['LUNCH', 'tab F'] });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    clock.advance(0);
    expect(kinds()).toEqual(['event:statusChanged', 'result']);
  });

  it('posts what is still queued when it stops leading', () => {
    const { channel, partner, host, kinds } = setup();
    partner.server.setStatus('LUNCH', 'partner', 'wfm');
    expect(channel.posted).toEqual([]);
    host.dispose();
    expect(kinds()).toEqual(['event:statusChanged']);
  });
});
