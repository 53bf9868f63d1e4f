/**
 * The partner's own status vocabulary through the real base-library protocol: a remote
 * partner whose catalogue has its own codes and reason codes; the connector maps,
 * publishes, reports and validates with that catalogue.
 */
import { FakeClock } from '../support/fake-clock';
import { DEFAULT_CONNECTOR_CONFIG, SalesforceDouble, STATUS } from '../support/salesforce-double';
import { ScriptedPartner } from '../support/scripted-partner';
import { CUSTOM_CATALOGUE } from '../support/status-fixtures';

const CONFIG = {
  ...DEFAULT_CONNECTOR_CONFIG,
  '/partner/mode': 'remote',
  '/statusSync/statusMap': 'Available=READY; Away=not_ready:lunch; Busy=NOT_READY:TRAINING',
};

let sf: SalesforceDouble | undefined;
afterEach(() => sf?.close());

async function start(config: Record<string, unknown> = CONFIG): Promise<{ sf: SalesforceDouble; remote: ScriptedPartner }> {
  const clock = new FakeClock();
  const remote = new ScriptedPartner(clock, 'NOT_READY', CUSTOM_CATALOGUE);
  sf = await SalesforceDouble.start({ clock, connectorConfig: config, partners: { remote: () => remote } });
  return { sf, remote };
}

async function omni(double: SalesforceDouble, statusId: string): Promise<unknown> {
  double.mark();
  double.send('SET_AGENT_STATUS', { agentStatus: 'Online', statusInfo: { statusId }, enqueueNextState: false });
  await double.settle();
  return double.eventsSinceMark().find((e) => e.type === 'SET_AGENT_STATUS_RESULT' || e.type === 'ERROR');
}

describe('a partner with its own status catalogue', () => {
  it('Omni changes set its codes, and its reason-code changes are published', async () => {
    const { sf, remote } = await start();
    expect(await omni(sf, STATUS.AWAY)).toEqual({ type: 'SET_AGENT_STATUS_RESULT', payload: { success: true } });
    expect(remote.server.status).toBe('NOT_READY:LUNCH');
    sf.mark();
    remote.server.setStatus('NOT_READY:TRAINING', 'partner', 'a supervisor');
    await sf.settle();
    expect(sf.eventsSinceMark().filter((e) => e.type === 'SET_AGENT_STATUS')).toEqual([{ type: 'SET_AGENT_STATUS', payload: { statusId: STATUS.BUSY } }]);
  });

  it('Offline pairs with its offline code, and routability comes from it', async () => {
    const { sf, remote } = await start();
    await omni(sf, STATUS.OFFLINE);
    expect(remote.server.status).toBe('LOGGED_OUT');
    await omni(sf, STATUS.AVAILABLE);
    expect(remote.server.status).toBe('READY');
    sf.send('GET_AGENT_STATUS');
    expect(await sf.waitForEvent('GET_AGENT_STATUS_RESULT')).toMatchObject({ statusId: 'READY', statusType: 'AVAILABLE' });
  });

  it('a statusMap naming a code the catalogue lacks is a clear config error, and the rest works', async () => {
    const { sf, remote } = await start({ ...CONFIG, '/statusSync/statusMap': 'Available=READY; Away=BREAK' });
    const errors = sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_ERROR').map((l) => (l.payload as { message: string }).message);
    expect(errors).toEqual(['entry skipped: unknown partner status "BREAK" (expected READY, NOT_READY:LUNCH, NOT_READY:TRAINING, NOT_READY, LOGGED_OUT)']);
    await omni(sf, STATUS.AVAILABLE);
    expect(remote.server.status).toBe('READY');
  });

  it('warns about the catalogue codes that have no way back to Salesforce', async () => {
    const { sf } = await start();
    const warnings = sf.logs().filter((l) => l.eventType === 'STATUS_SYNC_CONFIG_WARNING').map((l) => (l.payload as { message: string }).message);
    expect(warnings).toEqual(['partner NOT_READY unmapped: Omni keeps its status when the partner sets one (map each, e.g. NAME<NOT_READY)']);
  });
});
