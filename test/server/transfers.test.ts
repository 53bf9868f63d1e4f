/**
 * @jest-environment node
 */
// Calls across agents: warm and blind transfer to another agent (by extension), and a
// supervisor listening to and barging in on another agent's real call.
import { admin, eventually, removeTemp, startTestServer, stateOf, tempDir, TestClient, type TestServer , type Wire } from './support';

let dir: string;
let server: TestServer;
let alice: TestClient;
let bob: TestClient;
let carol: TestClient;

const CALLER = '+15555550177';

/** alice is on a connected customer call; bob is available. Returns the customer leg id. */
async function aliceOnACall(): Promise<string> {
  await alice.command('setStatus', { status: 'AVAILABLE' });
  await bob.command('setStatus', { status: 'AVAILABLE' });
  const { body } = await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'INCOMING_CALL', phoneNumber: CALLER });
  expect((await alice.command('acceptCall', { callId: body.callId })).ok).toBe(true);
  return body.callId as string;
}

beforeEach(async () => {
  dir = tempDir();
  server = await startTestServer(dir, { ringTimeoutMs: 700 });
  alice = await TestClient.login(server, 'alice', 'alice-secret-pw');
  bob = await TestClient.login(server, 'bob', 'bob-secret-pw');
  carol = await TestClient.login(server, 'carol', 'carol-secret-pw');
});

afterEach(async () => {
  await Promise.all([alice.close(), bob.close(), carol.close()]);
  await server.close();
  removeTemp(dir);
});

describe('warm transfer', () => {
  it('consults the other agent, then hands the customer over when the first agent hangs up', async () => {
    const customer = await aliceOnACall();
    const contacts = await alice.command('searchContacts', { filter: { types: ['agent'] } });
    expect(contacts.result).toEqual([
      expect.objectContaining({ name: 'bob', phoneNumber: '2002', available: true }),
      expect.objectContaining({ name: 'carol', phoneNumber: '2003', available: false }),
    ]);
    const added = await alice.command('addParticipant', { phoneNumber: '2002', parentCallId: customer, blindTransfer: false });
    expect(added.result).toMatchObject({ role: 'thirdParty', state: 'ringing', parentId: customer });
    const aliceNow = await stateOf(server, 'a1');
    expect(aliceNow.calls.map((c: Wire) => [c.role, c.state])).toEqual([
      ['customer', 'held'],
      ['thirdParty', 'ringing'],
    ]);
    const ring = await bob.next((m) => m.type === 'event' && m.event.type === 'incomingCall');
    expect(ring.event.call.phoneNumber).toBe(CALLER);

    await bob.command('acceptCall', { callId: ring.event.call.id });
    await eventually(async () => (await stateOf(server, 'a1')).calls.find((c: Wire) => c.role === 'thirdParty')?.state === 'connected');

    await alice.command('hangUp', { callId: customer });
    expect(await stateOf(server, 'a1')).toMatchObject({ callState: 'wrapup', calls: [] });
    expect(await stateOf(server, 'a2')).toMatchObject({ callState: 'connected', calls: [expect.objectContaining({ id: ring.event.call.id, state: 'connected' })] });
    // The customer now talks to bob: their hang-up ends bob's call.
    await admin(server, 'POST', '/admin/agents/a2/commands', { type: 'REMOTE_HANGUP' });
    expect((await stateOf(server, 'a2')).callState).toBe('wrapup');
  });

  it('a declined consult ends the first agent\'s participant leg; the customer stays held', async () => {
    const customer = await aliceOnACall();
    await alice.command('addParticipant', { phoneNumber: '2002', parentCallId: customer, blindTransfer: false });
    const ring = await bob.next((m) => m.type === 'event' && m.event.type === 'incomingCall');
    await bob.command('declineCall', { callId: ring.event.call.id });
    await eventually(async () => (await stateOf(server, 'a1')).calls.length === 1);
    expect((await stateOf(server, 'a1')).calls).toEqual([expect.objectContaining({ id: customer, state: 'held' })]);
  });

  it('the first agent cancelling the consult stops it ringing for the other agent', async () => {
    const customer = await aliceOnACall();
    const added = await alice.command('addParticipant', { phoneNumber: '2002', parentCallId: customer, blindTransfer: false });
    await bob.next((m) => m.type === 'event' && m.event.type === 'incomingCall');
    await alice.command('hangUp', { callId: added.result.id });
    await eventually(async () => (await stateOf(server, 'a2')).callState === 'idle');
    expect((await stateOf(server, 'a1')).calls).toEqual([expect.objectContaining({ id: customer })]);
  });
});

describe('blind transfer', () => {
  it('hands the customer to the other agent at once; the first agent wraps up', async () => {
    const customer = await aliceOnACall();
    const answer = await alice.command('addParticipant', { phoneNumber: '2002', parentCallId: customer, blindTransfer: true });
    expect(answer.ok).toBe(true);
    expect(await stateOf(server, 'a1')).toMatchObject({ callState: 'wrapup', calls: [] });
    const ring = await bob.next((m) => m.type === 'event' && m.event.type === 'incomingCall');
    expect(ring.event.call.phoneNumber).toBe(CALLER);
    await bob.command('acceptCall', { callId: ring.event.call.id });
    expect((await stateOf(server, 'a2')).callState).toBe('connected');
  });

  it('a blind transfer nobody answers goes to the queue, and the agent who let it ring is NOT_READY', async () => {
    const customer = await aliceOnACall();
    await alice.command('addParticipant', { phoneNumber: '2002', parentCallId: customer, blindTransfer: true });
    await bob.next((m) => m.type === 'event' && m.event.type === 'callMissed', 3000);
    const queued = await eventually(async () => (await admin(server, 'GET', '/admin/queue')).body.calls[0]);
    expect(queued.offeredTo).toBeNull();
    expect((await stateOf(server, 'a2')).partnerStatus).toBe('NOT_READY');
  });

  it('refuses a transfer to an agent who cannot take it, and to yourself; nothing changes', async () => {
    const customer = await aliceOnACall();
    await bob.command('setStatus', { status: 'LUNCH' });
    for (const phoneNumber of ['2002', '2001']) {
      const refused = await alice.command('addParticipant', { phoneNumber, parentCallId: customer, blindTransfer: true });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_DESTINATION' } });
    }
    expect((await stateOf(server, 'a1')).calls).toEqual([expect.objectContaining({ id: customer, state: 'connected' })]);
  });
});

describe('supervisor', () => {
  it('listens to another agent\'s call, barges in, and is dropped when the call ends', async () => {
    const customer = await aliceOnACall();
    const listen = await carol.command('superviseCall', { callId: customer });
    expect(listen.result).toMatchObject({ role: 'supervisor', state: 'connected', parentId: customer });
    expect((await stateOf(server, 'a1')).supervisors).toEqual([{ callId: customer, agentId: 'a3', bargedIn: false }]);
    expect((await stateOf(server, 'a3')).callState).toBe('idle');

    expect((await carol.command('bargeIn', { callId: customer })).ok).toBe(true);
    expect((await stateOf(server, 'a1')).supervisors).toEqual([{ callId: customer, agentId: 'a3', bargedIn: true }]);

    await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'REMOTE_HANGUP' });
    await eventually(async () => (await stateOf(server, 'a3')).calls.length === 0);
  });

  it('refuses to supervise an unknown call or one of your own', async () => {
    const customer = await aliceOnACall();
    expect((await carol.command('superviseCall', { callId: 'no-such-call' })).error.code).toBe('NO_SUCH_CALL');
    expect((await alice.command('superviseCall', { callId: customer })).error.code).toBe('NO_SUCH_CALL');
  });
});
