/**
 * @jest-environment node
 */
// The simulator console's server mode: `npm start`'s dev server forwards
// /partner-admin/… to the partner server's admin API with the admin token, so the
// server console page drives every agent without ever holding the token.
import http from 'node:http';
import { ADMIN_TOKEN, removeTemp, startTestServer, tempDir, type TestServer } from '../server/support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const devServer = require('../../dev/server.js') as { serve: (o: { port: number; outDir: string }) => Promise<{ origin: string; port: number; close: () => Promise<void> }> };

let dir: string;
let partner: TestServer;
let dev: { port: number; close: () => Promise<void> };
const saved = { url: process.env.PARTNER_SERVER_URL, token: process.env.PARTNER_ADMIN_TOKEN };

beforeAll(async () => {
  dir = tempDir();
  partner = await startTestServer(dir);
  process.env.PARTNER_SERVER_URL = partner.httpUrl;
  process.env.PARTNER_ADMIN_TOKEN = ADMIN_TOKEN;
  dev = await devServer.serve({ port: 0, outDir: dir });
});

afterAll(async () => {
  await dev.close();
  await partner.close();
  removeTemp(dir);
  process.env.PARTNER_SERVER_URL = saved.url;
  process.env.PARTNER_ADMIN_TOKEN = saved.token;
  if (saved.url === undefined) delete process.env.PARTNER_SERVER_URL;
  if (saved.token === undefined) delete process.env.PARTNER_ADMIN_TOKEN;
});

const base = (): string => `http://127.0.0.1:${dev.port}/partner-admin`;

it('lists every agent and queues a call through the dev server, adding the admin token itself', async () => {
  const agents = await fetch(`${base()}/agents`);
  expect(agents.status).toBe(200);
  const body = await agents.text();
  expect(JSON.parse(body).agents.map((a: { id: string }) => a.id)).toEqual(['a1', 'a2', 'a3']);
  expect(body).not.toContain(ADMIN_TOKEN);
  const set = await fetch(`${base()}/agents/a2/commands`, { method: 'POST', body: JSON.stringify({ type: 'SET_PARTNER_STATUS', status: 'AVAILABLE' }) });
  expect(set.status).toBe(200);
  const queued = await fetch(`${base()}/queue/calls`, { method: 'POST', body: '{}' });
  expect(await queued.json()).toMatchObject({ ok: true, offeredTo: 'a2' });
  const refused = await fetch(`${base()}/agents/a1/commands`, { method: 'POST', body: JSON.stringify({ type: 'NOPE' }) });
  expect(refused.status).toBe(400);
});

it('serves the server console page under the strict CSP', async () => {
  const page = await fetch(`http://127.0.0.1:${dev.port}/server-console.html`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('src="/assets/server-console.js"');
  expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
});

it('says clearly when the partner server is not running', async () => {
  const idle = http.createServer();
  await new Promise<void>((r) => idle.listen(0, '127.0.0.1', () => r()));
  const port = (idle.address() as { port: number }).port;
  await new Promise<void>((r) => idle.close(() => r()));
  process.env.PARTNER_SERVER_URL = `http://127.0.0.1:${port}`;
  try {
    const answer = await fetch(`${base()}/agents`);
    expect(answer.status).toBe(502);
    expect((await answer.json()).error).toMatch(/not reachable .* npm run partner-server/);
  } finally {
    process.env.PARTNER_SERVER_URL = partner.httpUrl;
  }
});
