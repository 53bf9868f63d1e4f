/**
 * @jest-environment node
 */
// The server's log never holds a password, a session or admin token, a phone number,
// DTMF digits or a directory search term, whatever the traffic.
import { ADMIN_TOKEN, admin, removeTemp, startTestServer, tempDir, TestClient } from './support';

it('a busy session leaves no secret or number in the log', async () => {
  const dir = tempDir();
  const server = await startTestServer(dir);
  try {
    const alice = await TestClient.open(server);
    await alice.request({ type: 'login', username: 'alice', password: 'not-her-password' });
    const login = await alice.request({ type: 'login', username: 'alice', password: 'alice-secret-pw' });
    await alice.command('setStatus', { status: 'AVAILABLE' });
    const { body } = await admin(server, 'POST', '/admin/agents/a1/commands', { type: 'INCOMING_CALL', phoneNumber: '+15555550187' });
    await alice.command('acceptCall', { callId: body.callId });
    await alice.command('sendDigits', { digits: '8642' });
    await alice.command('addParticipant', { phoneNumber: '+15555550188', parentCallId: body.callId, blindTransfer: false });
    await alice.command('searchContacts', { filter: { contains: 'Zebediah' } });
    await alice.command('dial', { phoneNumber: '+15555550189' });
    await admin(server, 'POST', '/admin/queue/calls', { phoneNumber: '+15555550190' });
    await admin(server, 'GET', '/admin/agents/a1/state', undefined, 'guess-token');
    await alice.request({ type: 'hello', token: 'stolen-token-value' });
    await alice.close();

    const text = JSON.stringify(server.logs);
    expect(server.logs.length).toBeGreaterThan(5);
    for (const secret of ['alice-secret-pw', 'not-her-password', login.result.token, ADMIN_TOKEN, 'guess-token', 'stolen-token-value', '5555550187', '5555550188', '5555550189', '5555550190', '8642', 'Zebediah']) {
      expect(text).not.toContain(secret);
    }
  } finally {
    await server.close();
    removeTemp(dir);
  }
});
