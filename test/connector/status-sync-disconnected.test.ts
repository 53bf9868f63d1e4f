/**
 * CONTRACT §8 through the real base-library protocol, with a scripted networked partner
 * whose connection the test drops and restores: Omni changes while disconnected are
 * answered success and held; on reconnect they are applied unless a newer partner change
 * supersedes them; nothing stale is published; a held change survives a reload.
 */
import { MemoryStore } from '../../src/platform/storage';
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';

const REMOTE_CONFIG = { ...DEFAULT_CONNECTOR_CONFIG, '/partner/mode': 'remote' };

let sf: SalesforceDouble | undefined;
afterEach(() => sf?.close());

/** A connector in remote mode on a scripted partner, Omni and the partner both Available. */
async function connected(options: { store?: MemoryStore; clock?: FakeClock; remote?: ScriptedPartner } = {}): Promise<{ sf: SalesforceDouble; remote: ScriptedPartner; clock: FakeClock }> {
  const clock = options.clock ?? new FakeClock();
  const remote = options.remote ?? new ScriptedPartner(clock);
  sf = await SalesforceDouble.start({ clock, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote }, ...(options.store ? { store: options.store } : {}) });
  await omni(sf, STATUS.AVAILABLE);
  return { sf, remote, clock };
}

async function omni(double: SalesforceDouble, statusId: string): Promise<unknown> {
  double.mark();
  double.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId }, enqueueNextState: false });
  await double.settle();
  return double.eventsSinceMark().find((e) => e.type === 'SET_AGENT_STATUS_RESULT' || e.type === 'ERROR');
}

function published(double: SalesforceDouble): string[] {
  return double.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS').map((e) => (e.payload as { statusId: string }).statusId);
}

describe('an Omni change while the partner is disconnected', () => {
  it('is answered success, held (deferred, naming the disconnection) and applied once on reconnect', async () => {
    const { sf, remote } = await connected();
    remote.drop();
    await sf.settle();
    expect(await omni(sf, STATUS.AWAY)).toEqual({ type: 'SET_AGENT_STATUS_RESULT', payload: { success: true } });
    expect(sf.page.status.view().pending).toEqual({ direction: 'toPartner', status: 'BREAK', statusId: STATUS.AWAY });
    expect(sf.page.status.view().syncLog.at(-1)).toMatchObject({ outcome: 'deferred', reason: expect.stringContaining('partner disconnected') });
    expect(remote.server.status).toBe('AVAILABLE');
    remote.sent.length = 0;
    remote.restore('replay');
    await sf.settle();
    expect(remote.server.status).toBe('BREAK');
    expect(remote.sent.filter((c) => c === 'setStatus')).toEqual(['setStatus']);
    expect(sf.page.status.view().pending).toBeNull();
    // Down and up again: nothing is applied twice.
    remote.drop();
    remote.restore('replay');
    await sf.settle();
    expect(remote.sent.filter((c) => c === 'setStatus')).toEqual(['setStatus']);
  });

  it('a newer partner change made during the disconnection supersedes it: the partner status is published, the Omni change dropped', async () => {
    const { sf, remote, clock } = await connected();
    remote.drop();
    await omni(sf, STATUS.AWAY);
    clock.advance(1_000);
    remote.server.setStatus('MEETING', 'partner', 'a supervisor'); // on the server, while we are away
    sf.mark();
    remote.restore('replay');
    await sf.settle();
    expect(published(sf)).toEqual([STATUS.BUSY]);
    expect(remote.server.status).toBe('MEETING');
    expect(sf.page.status.view().syncLog.map((e) => e.outcome).slice(-2)).toEqual(['superseded', 'applied']);
  });

  it('an older partner change is stale: not published, and the Omni change is applied', async () => {
    const { sf, remote, clock } = await connected();
    remote.drop();
    remote.server.setStatus('MEETING', 'partner', 'a supervisor, before the Omni change');
    clock.advance(1_000);
    await omni(sf, STATUS.AWAY);
    sf.mark();
    remote.restore('replay');
    await sf.settle();
    expect(published(sf)).toEqual([]);
    expect(remote.server.status).toBe('BREAK');
  });

  it('survives a reload while the partner is still away, and is applied when it is back', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const first = await connected({ store, clock });
    first.remote.drop();
    await omni(first.sf, STATUS.AWAY);
    first.sf.close();
    const remote = new ScriptedPartner(clock);
    sf = await SalesforceDouble.start({ clock, store, connectorConfig: REMOTE_CONFIG, partners: { remote: () => remote } });
    await sf.settle();
    expect(remote.server.status).toBe('BREAK');
    expect(sf.page.status.view().pending).toBeNull();
  });

});
