/**
 * @jest-environment node
 */
// The ACD queue over real agents: longest-idle routing, waiting while nobody is
// routable, ring-no-answer (back to the queue, agent NOT_READY), decline, caller gone.
import { admin, eventually, removeTemp, startTestServer, stateOf, tempDir, TestClient, type TestServer , type Wire } from './support';

let dir: string;
let server: TestServer;

async function setStatus(agentId: string, status: string): Promise<void> {
  const { status: code } = await admin(server, 'POST', `/admin/agents/${agentId}/commands`, { type: 'SET_PARTNER_STATUS', status });
  expect(code).toBe(200);
}

async function queueCall(phoneNumber?: string): Promise<{ callId: string; offeredTo: string | null }> {
  const { status, body } = await admin(server, 'POST', '/admin/queue/calls', phoneNumber === undefined ? {} : { phoneNumber });
  expect(status).toBe(200);
  return body;
}

async function queue(): Promise<Wire[]> {
  return (await admin(server, 'GET', '/admin/queue')).body.calls;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 15));

beforeEach(async () => {
  dir = tempDir();
  server = await startTestServer(dir, { ringTimeoutMs: 600 });
});

afterEach(async () => {
  await server.close();
  removeTemp(dir);
});

it('rings the routable idle agent who has been idle longest', async () => {
  await setStatus('a2', 'AVAILABLE');
  await tick();
  await setStatus('a3', 'AVAILABLE');
  await tick();
  await setStatus('a1', 'AVAILABLE');
  const call = await queueCall('+15555550142');
  expect(call.offeredTo).toBe('a2');
  const a2 = await stateOf(server, 'a2');
  expect(a2.callState).toBe('ringing');
  expect(a2.calls).toEqual([expect.objectContaining({ id: call.callId, role: 'customer', direction: 'inbound', state: 'ringing', phoneNumber: '+15555550142' })]);
  // The next call goes to the next longest idle, not to the busy one.
  expect((await queueCall()).offeredTo).toBe('a3');
});

it('keeps a call waiting while nobody is routable, and rings when an agent becomes available', async () => {
  const call = await queueCall();
  expect(call.offeredTo).toBeNull();
  expect(await queue()).toEqual([expect.objectContaining({ callId: call.callId, offeredTo: null })]);
  await setStatus('a3', 'BREAK');
  expect((await queue())[0].offeredTo).toBeNull();
  await setStatus('a3', 'AVAILABLE');
  expect((await queue())[0].offeredTo).toBe('a3');
  expect((await stateOf(server, 'a3')).calls[0].id).toBe(call.callId);
});

it('an answered call leaves the queue; when it ends the agent wraps up and gets the next call only after wrap-up', async () => {
  const agent = await TestClient.login(server, 'alice', 'alice-secret-pw');
  await agent.command('setStatus', { status: 'AVAILABLE' });
  const first = await queueCall();
  const second = await queueCall();
  expect(first.offeredTo).toBe('a1');
  expect(second.offeredTo).toBeNull();
  expect((await agent.command('acceptCall', { callId: first.callId })).ok).toBe(true);
  expect((await queue()).map((q) => q.callId)).toEqual([second.callId]);
  await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'REMOTE_HANGUP' });
  expect((await stateOf(server, 'a1')).callState).toBe('wrapup');
  expect((await queue())[0].offeredTo).toBeNull();
  await agent.command('endWrapUp');
  await eventually(async () => (await stateOf(server, 'a1')).calls[0]?.id === second.callId);
  await agent.close();
});

it('ring-no-answer: the call goes back to the queue, the agent is set NOT_READY by the partner, and the call rings for the next agent', async () => {
  const a1 = await TestClient.login(server, 'alice', 'alice-secret-pw');
  await a1.command('setStatus', { status: 'AVAILABLE' });
  await tick();
  await setStatus('a2', 'AVAILABLE');
  const call = await queueCall();
  expect(call.offeredTo).toBe('a1');
  // Just before the ring timeout it still rings for a1.
  await new Promise((r) => setTimeout(r, 400));
  expect((await stateOf(server, 'a1')).callState).toBe('ringing');
  const missed = await a1.next((m) => m.type === 'event' && m.event.type === 'callMissed', 3000);
  expect(missed.event.call.id).toBe(call.callId);
  const notReady = await a1.next((m) => m.type === 'event' && m.event.type === 'statusChanged' && m.event.status === 'NOT_READY');
  expect(notReady.event).toMatchObject({ origin: 'partner', previous: 'AVAILABLE', reason: 'ring-no-answer' });
  expect(notReady.seq).toBeGreaterThan(missed.seq);
  const a1State = await stateOf(server, 'a1');
  expect(a1State).toMatchObject({ partnerStatus: 'NOT_READY', routable: false, callState: 'idle', calls: [] });
  const a2 = await eventually(async () => {
    const s = await stateOf(server, 'a2');
    return s.calls[0]?.id === call.callId && s;
  });
  expect(a2.callState).toBe('ringing');
  expect(await queue()).toEqual([expect.objectContaining({ callId: call.callId, offeredTo: 'a2', attempts: 2 })]);
  await a1.close();
});

it('a declined queued call goes back to the queue (the agent stays available) and rings for the longest idle', async () => {
  const a1 = await TestClient.login(server, 'alice', 'alice-secret-pw');
  await a1.command('setStatus', { status: 'AVAILABLE' });
  await tick();
  await setStatus('a2', 'AVAILABLE');
  const call = await queueCall();
  expect((await a1.command('declineCall', { callId: call.callId })).ok).toBe(true);
  expect((await stateOf(server, 'a1')).partnerStatus).toBe('AVAILABLE');
  expect((await stateOf(server, 'a2')).calls[0]?.id).toBe(call.callId);
  await a1.close();
});

it('a caller who hangs up while ringing leaves the queue', async () => {
  await setStatus('a1', 'AVAILABLE');
  const call = await queueCall();
  await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'REMOTE_HANGUP', callId: call.callId });
  expect(await queue()).toEqual([]);
  expect((await stateOf(server, 'a1')).callState).toBe('idle');
  // An agent who logs out while a queued call rings for them hands it back to the queue.
  const again = await queueCall();
  const a1 = await TestClient.login(server, 'alice', 'alice-secret-pw');
  expect(again.offeredTo).toBe('a1');
  await a1.command('logout');
  expect(await queue()).toEqual([expect.objectContaining({ callId: again.callId, offeredTo: null })]);
  await a1.close();
});
