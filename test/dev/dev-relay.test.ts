/** @jest-environment node */
// The dev relay must not be a back door: it sets the connector up only for its parent
// frame on the dev server's own origin, once per load, and nobody else may frame it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, requireChromium } from '../support/chromium';
import { startDevServer, type DevServerProcess } from './dev-server-process';

jest.setTimeout(120_000);

/** Long enough for a set-up connector to answer (it answers in a few ms). */
const QUIET_MS = 1500;

let server: DevServerProcess;
let context: BrowserContext;
let profileDir: string;

async function consoleLines(page: Page, run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const listen = (message: { text: () => string }): void => {
    lines.push(message.text());
  };
  page.on('console', listen);
  await run();
  page.off('console', listen);
  return lines;
}

/** Posts DEV_SETUP_CONNECTOR from `script`'s window to `target` and returns what came back on the port. */
function postSetupAndListen(page: Page, target: 'self' | 'frame'): Promise<unknown[]> {
  return page.evaluate(
    async ({ target, quietMs }) => {
      const channel = new MessageChannel();
      const received: unknown[] = [];
      channel.port1.onmessage = (event: MessageEvent<unknown>) => received.push(event.data);
      const frame = document.querySelector('iframe');
      const win = target === 'self' ? window : frame?.contentWindow;
      if (!win) throw new Error('no target window');
      win.postMessage({ type: 'DEV_SETUP_CONNECTOR', connectorConfig: {} }, window.location.origin, [channel.port2]);
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      return received;
    },
    { target, quietMs: QUIET_MS },
  );
}

beforeAll(async () => {
  requireChromium();
  server = await startDevServer();
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-dev-relay-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('the dev-only setup relay', () => {
  it('a connector page opened on its own (no parent) ignores DEV_SETUP_CONNECTOR, even from itself', async () => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/connector/index.html`);
    let received: unknown[] = [];
    const lines = await consoleLines(page, async () => {
      received = await postSetupAndListen(page, 'self');
    });
    expect(received).toEqual([]);
    expect(lines.join('\n')).toContain('DEV_SETUP_CONNECTOR refused: not from the parent frame');
    await page.close();
  });

  it('the emulator sets it up once; a second DEV_SETUP_CONNECTOR in the same load is refused', async () => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/omni.html`);
    await page.waitForSelector('body[data-connector="ready"]');
    let received: unknown[] = [];
    const lines = await consoleLines(page, async () => {
      received = await postSetupAndListen(page, 'frame');
    });
    expect(received).toEqual([]);
    expect(lines.join('\n')).toContain('DEV_SETUP_CONNECTOR refused: already set up');
    await page.close();
  });

  it('a page outside the dev server cannot load the connector page in a frame', async () => {
    // Chromium refuses on two grounds: the connector page's CSP frame-ancestors 'self'
    // (checked in server.test.ts) and, here, local-network access from a public page.
    const page = await context.newPage();
    await page.goto('about:blank');
    await page.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.appendChild(frame);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }, `${server.origin}/connector/index.html`);
    const child = page.frames().find((f) => f !== page.mainFrame());
    expect(child).toBeDefined();
    expect(child?.url()).not.toBe(`${server.origin}/connector/index.html`);
    await expect(child?.evaluate(() => document.documentElement.dataset['devRelay'] ?? null)).resolves.toBeNull();
    await page.close();
  });
});
