/** @jest-environment node */
// A user's first run of `npm start`, in Debian's Chromium: open both pages, watch a
// status change travel each way, take a call, and keep screenshots of both pages for
// the README. The README's copies (docs/screenshots/) are rewritten only with
// UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the work tree clean.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, requireChromium } from '../support/chromium';
import { ROOT, startDevServer, type DevServerProcess } from './dev-server-process';

jest.setTimeout(180_000);

const SHOTS = process.env['UPDATE_SCREENSHOTS'] === '1'
  ? path.join(ROOT, 'docs', 'screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'scv-screenshots-'));
const AVAILABLE = '0N5xx0000004CSO';
const AWAY = '0N5xx0000004D56';

let server: DevServerProcess;
let context: BrowserContext;
let profileDir: string;
let omni: Page;
let partner: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  requireChromium();
  server = await startDevServer();
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-dev-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_ARGS],
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });
  omni = context.pages()[0] ?? (await context.newPage());
  omni.on('pageerror', (error) => pageErrors.push(`omni: ${error.message}`));
  await omni.goto(`${server.origin}/omni.html`);
  partner = await context.newPage();
  await partner.goto(`${server.origin}/console.html`);
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('npm start in Chromium', () => {
  it('the emulator sets the connector up through the dev relay and gets CONNECTOR_READY', async () => {
    await omni.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await expect(omni.locator('#message-log td', { hasText: 'CONNECTOR_READY' }).count()).resolves.toBeGreaterThan(0);
    await expect(omni.locator('#status-picker button').count()).resolves.toBe(4);
  });

  it('the console reaches the simulator inside the connector iframe', async () => {
    await partner.waitForSelector('body[data-simulator="connected"]', { timeout: 15_000 });
  });

  it('Omni → partner: choosing Away in Omni puts the partner on BREAK', async () => {
    await omni.click(`#status-picker button[data-status-id="${AWAY}"]`);
    await partner.waitForSelector('#partner-status[data-status="BREAK"]', { timeout: 10_000 });
    await omni.waitForSelector('#message-log td:text-is("SET_AGENT_STATUS_RESULT")');
  });

  it('partner → Omni: AVAILABLE on the console turns Omni Available, and Omni\'s echo is recognised', async () => {
    await partner.click('#partner-buttons button[data-status="AVAILABLE"]');
    await omni.waitForSelector(`#current-status[data-status-id="${AVAILABLE}"]`, { timeout: 10_000 });
    await partner.waitForSelector('#sync-log td.outcome:text-is("echo")', { timeout: 10_000 });
    await expect(partner.locator('#partner-status').getAttribute('data-status')).resolves.toBe('AVAILABLE');
  });

  it('an incoming call rings in Omni and, accepted there, connects on the partner side', async () => {
    await partner.click('#incoming-call');
    await omni.waitForSelector('#incoming-toast:not([hidden])', { timeout: 10_000 });
    await omni.click('#accept-call');
    await omni.waitForSelector('#call-summary[data-phase="connected"]', { timeout: 10_000 });
    await partner.waitForSelector('#call-state:text-is("connected")', { timeout: 10_000 });
  });

  it('writes the screenshots of both pages', async () => {
    // A scheduled break, so the console's countdown shows in its screenshot.
    await partner.fill('#schedule-start', '45');
    await partner.fill('#schedule-duration', '60');
    await partner.click('#schedule');
    await partner.waitForSelector('#countdown.active');

    // The README shot shows the protocol messages; the connector's LOG lines stay a click away.
    await omni.uncheck('#show-logs');
    await omni.mouse.move(0, 0);
    await partner.mouse.move(0, 0);

    fs.mkdirSync(SHOTS, { recursive: true });
    const omniShot = path.join(SHOTS, 'omni-emulator.png');
    const consoleShot = path.join(SHOTS, 'simulator-console.png');
    await omni.screenshot({ path: omniShot, fullPage: true });
    await partner.screenshot({ path: consoleShot, fullPage: true });
    for (const shot of [omniShot, consoleShot]) {
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    }
  });

  it('no page threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
