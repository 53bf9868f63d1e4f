/** @jest-environment node */
// Two agents in one browser (remote mode): the dev server answers on a second origin,
// localhost next to 127.0.0.1, each with its own storage and so its own partner session;
// its pages may open WebSockets to the partner server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports -- dev/server.js is CommonJS */
const dev = require('../../dev/server.js') as {
  serve(options: { port: number; host?: string; outDir: string }): Promise<{ port: number; origin: string; secondOrigin: string | null; close(): Promise<void> }>;
  partnerSocketOrigins(env: Record<string, string | undefined>): string[];
  CSP: string;
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe('dev server: a second agent on a second origin', () => {
  let outDir: string;
  let running: Awaited<ReturnType<typeof dev.serve>>;
  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-dev-'));
    running = await dev.serve({ port: 0, host: '127.0.0.1', outDir });
  });
  afterAll(async () => {
    await running.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('answers on http://localhost:PORT as well as http://127.0.0.1:PORT, also where localhost is ::1', async () => {
    expect(running.secondOrigin).toBe(`http://localhost:${running.port}`);
    for (const origin of [running.origin, running.secondOrigin!, `http://[::1]:${running.port}`]) {
      const response = await fetch(`${origin}/omni.html`);
      expect([origin, response.status]).toEqual([origin, 200]);
    }
  });

  it('lets its pages open WebSockets to the partner server only (remote mode), under the same strict CSP', async () => {
    const csp = (await fetch(`${running.secondOrigin!}/connector/index.html`)).headers.get('content-security-policy');
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:8090 ws://localhost:8090;");
    expect(csp).toContain("script-src 'self'");
    expect(dev.partnerSocketOrigins({ PARTNER_SERVER_URL: 'http://127.0.0.1:9100' })).toEqual(['ws://127.0.0.1:9100', 'ws://localhost:9100']);
  });
});
