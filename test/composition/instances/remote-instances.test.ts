/**
 * Several instances in `remote` partner mode: the instance machinery is partner-agnostic.
 * The leader runs the partner `/partner/mode` chooses (here a scripted networked partner
 * that needs a connection); followers relay to it and see its connection state.
 */
import { CLAIM_MS } from '../../../src/composition/instances/election';
import { PartnerSwitch } from '../../../src/composition/partner-switch';
import { InstanceWorld } from '../../support/instance-world';
import { DEFAULT_CONNECTOR_CONFIG } from '../../support/salesforce-double';
import { ScriptedPartner } from '../../support/scripted-partner';

const published: { eventType: string; payload: unknown }[] = [];
jest.mock('../../../src/salesforce/scv', () => {
  const actual = jest.requireActual<typeof import('../../../src/salesforce/scv')>('../../../src/salesforce/scv');
  return {
    ...actual,
    publishEvent: (eventType: string, payload: unknown) => {
      published.push({ eventType, payload: JSON.parse(JSON.stringify(payload)) as unknown });
      return Promise.resolve();
    },
    publishLog: () => undefined,
    initializeConnector: () => undefined,
  };
});

describe('several instances in remote partner mode', () => {
  let w: InstanceWorld;
  /** Every remote partner a leader made, oldest first. */
  let made: ScriptedPartner[];
  beforeEach(() => {
    published.length = 0;
    made = [];
    w = new InstanceWorld({
      shared: false,
      config: { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' },
      partners: {
        remote: () => {
          const partner = new ScriptedPartner(w.clock);
          made.push(partner);
          return partner;
        },
      },
    });
  });
  afterEach(() => w.closeAll());

  /** The partner the leader runs now (behind its mode switch). */
  const leaderPartner = () => {
    const held = w.leader().partner.partner;
    return held instanceof PartnerSwitch ? held.partner : held;
  };

  it('the leader connects the remote partner; followers relay to it, one call with one id everywhere', async () => {
    await w.connect('a');
    await w.connect('b');
    expect(made).toHaveLength(1);
    expect(leaderPartner()).toBe(made[0]);
    expect(made[0]?.connectionState).toBe('connected');
    made[0]?.server.incomingCall('+15555550100');
    await w.settle();
    const ids = published.filter((e) => e.eventType === 'CALL_STARTED').map((e) => (e.payload as { call: { callId: string } }).call.callId);
    expect(ids).toEqual(['s1', 's1']);
    await w.run('b', (p) => p.connector.acceptCall({ callId: 's1' }));
    expect(made[0]?.sent).toContain('acceptCall');
    expect(made[0]?.server.callState).toBe('connected');
    expect(w.page('b').partner.getCallState()).toBe('connected');
  });

  it('while the leader reconnects, a follower says reconnecting and its call commands fail at once; after, they work', async () => {
    await w.connect('a');
    const b = await w.connect('b');
    const states: string[] = [];
    b.partner.onConnectionStateChange((s) => states.push(s));
    made[0]?.server.incomingCall('+15555550100');
    await w.settle();
    await w.run('b', (p) => p.connector.acceptCall({ callId: 's1' }));
    made[0]?.drop();
    await w.settle();
    expect(b.partner.connectionState).toBe('reconnecting');
    await expect(w.run('b', (p) => p.connector.hold({ callId: 's1' }))).rejects.toThrow();
    expect(made[0]?.server.getCalls()[0]?.state).toBe('connected');
    made[0]?.restore('replay');
    await w.settle();
    expect(b.partner.connectionState).toBe('connected');
    expect(states).toEqual(['reconnecting', 'connected']);
    await w.run('b', (p) => p.connector.hold({ callId: 's1' }));
    expect(made[0]?.server.getCalls()[0]?.state).toBe('held');
  });

  it('a follower that takes over connects its own remote partner with its configuration', async () => {
    await w.connect('a');
    await w.connect('b');
    w.close('a');
    await w.settle(CLAIM_MS + 50);
    expect(w.leader().id).toBe('b');
    expect(made).toHaveLength(2);
    expect(made[0]?.connectionState).toBe('disconnected');
    expect(leaderPartner()).toBe(made[1]);
    expect(made[1]?.connectionState).toBe('connected');
  });
});
