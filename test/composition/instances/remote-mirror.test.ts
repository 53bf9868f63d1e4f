/**
 * Several instances in `remote` mode: every tab learns every change of the remote
 * partner's mirror, also those the seam sends no event for (hold, mute, recording). The
 * scripted partner, like the remote one, announces none for them: the leader's notices
 * of them come with each command's completion, not from the embedded simulator.
 */
import { InstanceWorld } from '../../support/instance-world';
import { DEFAULT_CONNECTOR_CONFIG } from '../../support/salesforce-double';
import { ScriptedPartner } from '../../support/scripted-partner';

const published: string[] = [];
jest.mock('../../../src/salesforce/scv', () => {
  const actual = jest.requireActual<typeof import('../../../src/salesforce/scv')>('../../../src/salesforce/scv');
  return {
    ...actual,
    publishEvent: (eventType: string) => {
      published.push(eventType);
      return Promise.resolve();
    },
    publishLog: () => undefined,
    initializeConnector: () => undefined,
  };
});

describe('several instances in remote mode: mirror changes without a seam event', () => {
  let w: InstanceWorld;
  let remote: ScriptedPartner | null;
  beforeEach(() => {
    published.length = 0;
    remote = null;
    w = new InstanceWorld({
      shared: false,
      config: { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' },
      partners: { remote: () => (remote = new ScriptedPartner(w.clock)) },
    });
  });
  afterEach(() => w.closeAll());

  /** Leader `a`, follower `b`, a connected call `s1`. */
  async function onACall(): Promise<void> {
    await w.connect('a');
    await w.connect('b');
    remote?.server.incomingCall('+15555550100');
    await w.settle();
    await w.run('a', (p) => p.connector.acceptCall({ callId: 's1' }));
    expect(w.page('b').partner.getCallState()).toBe('connected');
    published.length = 0;
  }

  it('a follower\'s mute and recording pause show in its own mirror when they resolve, and the leader\'s host is told', async () => {
    await onACall();
    const b = w.page('b');
    await w.run('b', async (p) => {
      await p.connector.mute();
      expect(p.partner.isMuted()).toBe(true);
    });
    await w.run('b', async (p) => {
      await p.connector.pauseRecording();
      expect(p.partner.isRecordingPaused()).toBe(true);
    });
    expect(b.partner.isMuted()).toBe(true);
    expect(published).toEqual(['MUTE_TOGGLE', 'RECORDING_TOGGLE']);
  });

  it('the leader\'s hold, mute and recording pause reach the follower\'s mirror, and its host is told once each', async () => {
    await onACall();
    await w.run('a', (p) => p.connector.hold({ callId: 's1' }));
    await w.run('a', (p) => p.connector.mute());
    await w.run('a', (p) => p.connector.pauseRecording());
    await w.settle();
    const b = w.page('b');
    expect(b.partner.getCalls()[0]?.state).toBe('held');
    expect(b.partner.isMuted()).toBe(true);
    expect(b.partner.isRecordingPaused()).toBe(true);
    expect(published).toEqual(['HOLD_TOGGLE', 'MUTE_TOGGLE', 'RECORDING_TOGGLE']);
  });

  it('a refused command changes no mirror and tells no host', async () => {
    await onACall();
    await expect(w.run('b', (p) => p.connector.resume({ callId: 's1' }))).rejects.toThrow();
    await w.settle();
    expect(w.page('b').partner.getCalls()[0]?.state).toBe('connected');
    expect(published).toEqual([]);
  });
});
