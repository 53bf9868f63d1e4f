/**
 * @jest-environment node
 */
// The seam's conformance suite against the real partner server: RemotePartner over `ws`,
// a fresh server and database per test, the network controls between them.
import { partnerConformance } from '../../support/partner-conformance';
import { removeTemp, startTestServer, tempDir, type TestServer } from '../../server/support';
import { serverRig, sessionToken } from './server-rig';

// A real server per test (SQLite, scrypt logins): generous limits for a loaded machine.
jest.setTimeout(30_000);

let dir: string;
let server: TestServer;
let token: string;

beforeEach(async () => {
  dir = tempDir();
  server = await startTestServer(dir);
  token = await sessionToken(server);
});

afterEach(async () => {
  await server.close();
  removeTemp(dir);
});

partnerConformance('RemotePartner (real partner server)', () => serverRig(server, token), { networked: true });
