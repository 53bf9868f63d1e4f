/** @jest-environment node */
// `npm start` as a user runs it: a real process, a real port, real HTTP.
import { runDevServerToExit, startDevServer, type DevServerProcess } from './dev-server-process';

jest.setTimeout(120_000);

let server: DevServerProcess;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

async function get(pathname: string): Promise<{ status: number; type: string | null; csp: string | null; body: string }> {
  const response = await fetch(`${server.origin}${pathname}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    body: await response.text(),
  };
}

describe('dev server (npm start)', () => {
  it('prints both page URLs with the address and port it actually listens on', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.origin).not.toBe('http://127.0.0.1:0');
    expect(server.output()).toContain(`Partner simulator console: ${server.origin}/console.html`);
  });

  it.each([
    ['/', 'text/html', 'Omni emulator'],
    ['/omni.html', 'text/html', 'src="/assets/omni.js"'],
    ['/console.html', 'text/html', 'src="/assets/console.js"'],
    ['/connector/index.html', 'text/html', 'src="connector-dev.js"'],
    ['/style.css', 'text/css', '.topbar'],
    ['/assets/omni.js', 'text/javascript', 'DEV_SETUP_CONNECTOR'],
    ['/assets/console.js', 'text/javascript', 'scv-partner-simulator'],
    ['/connector/connector-dev.js', 'text/javascript', 'DEV_ONLY_SETUP_RELAY'],
    ['/fixtures/user-presence-statuses.json', 'application/json', '0N5xx0000004CSO'],
  ])('serves %s as %s', async (pathname, type, needle) => {
    const response = await get(pathname);
    expect(response.status).toBe(200);
    expect(response.type).toContain(type);
    expect(response.body).toContain(needle);
  });

  it('sends a CSP without inline script or eval on every page', async () => {
    const { csp } = await get('/omni.html');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // Only pages of the dev server itself may frame the connector page.
    expect((await get('/connector/index.html')).csp).toContain("frame-ancestors 'self'");
  });

  it('pages carry no inline script', async () => {
    for (const page of ['/', '/omni.html', '/console.html', '/connector/index.html']) {
      const { body } = await get(page);
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it.each(['/package.json', '/../package.json', '/dev/server.js', '/%2e%2e/package.json', '/src/index.ts'])(
    'serves nothing outside its route table: %s is 404',
    async (pathname) => {
      expect((await get(pathname)).status).toBe(404);
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    const response = await fetch(`${server.origin}/omni.html`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
  });
});

describe('HOST', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the dev server is CommonJS
  const { hostFromEnv, originFor } = require('../../dev/server.js') as {
    hostFromEnv(env: Record<string, string | undefined>): string;
    originFor(host: string, port: number): string;
  };

  it('defaults to 127.0.0.1 and accepts only loopback addresses; the printed origin is the one listened on', () => {
    expect(hostFromEnv({})).toBe('127.0.0.1');
    expect(hostFromEnv({ HOST: '::1' })).toBe('::1');
    expect(hostFromEnv({ HOST: 'localhost' })).toBe('localhost');
    expect(hostFromEnv({ HOST: '127.0.0.2' })).toBe('127.0.0.2');
    expect(() => hostFromEnv({ HOST: '0.0.0.0' })).toThrow('HOST must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"');
    expect(() => hostFromEnv({ HOST: '127.0.0.256' })).toThrow(/loopback/);
    expect(originFor('::1', 8080)).toBe('http://[::1]:8080');
    expect(originFor('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
  });

  it('a HOST that is not loopback stops the server with a clear message', async () => {
    const { code, output } = await runDevServerToExit({ HOST: '192.168.1.10' });
    expect(code).toBe(1);
    expect(output).toContain('HOST must be a loopback address');
  });
});

describe('PORT', () => {
  it('a PORT that is not a port number stops the server with a clear message', async () => {
    const { code, output } = await runDevServerToExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
  });
});
