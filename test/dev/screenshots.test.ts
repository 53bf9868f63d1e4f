/** @jest-environment node */
// A user's first run of `npm start`, in Debian's Chromium: open both pages, watch a
// status change travel each way, take a call with an enqueued status, break the
// configuration twice, open a second emulator tab — checking what each state shows a
// person, with a screenshot of each. The README's two pictures (docs/screenshots/) are
// rewritten only with UPDATE_SCREENSHOTS=1; SCREENSHOTS_DIR=<folder> keeps every
// screenshot there for a look; otherwise they go to a temporary folder that is removed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, requireChromium } from '../support/chromium';
import { ROOT, startDevServer, type DevServerProcess } from './dev-server-process';

jest.setTimeout(180_000);

const README_SHOTS = process.env['UPDATE_SCREENSHOTS'] === '1' ? path.join(ROOT, 'docs', 'screenshots') : null;
const KEEP = process.env['SCREENSHOTS_DIR'];
const SHOTS = KEEP ? path.resolve(KEEP) : fs.mkdtempSync(path.join(os.tmpdir(), 'scv-screenshots-'));
const AVAILABLE = '0N5xx0000004CSO';
const AWAY = '0N5xx0000004D56';
const BUSY = '0N5xx0000004D3U';

let server: DevServerProcess;
let context: BrowserContext;
let profileDir: string;
let omni: Page;
let partner: Page;
const pageErrors: string[] = [];

/** Takes a screenshot of the whole page and checks it is a real picture. */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

/** WCAG contrast ratio of an element's text against its own background. */
async function contrastOf(page: Page, selector: string): Promise<{ ratio: number; color: string; background: string }> {
  return page.locator(selector).evaluate((node) => {
    const style = getComputedStyle(node);
    const rgb = (css: string): number[] => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const luminance = (css: string): number => {
      const [r, g, b] = rgb(css).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
    return { ratio: (hi! + 0.05) / (lo! + 0.05), color: style.color, background: style.backgroundColor };
  });
}

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
  if (!KEEP) fs.rmSync(SHOTS, { recursive: true, force: true });
});

describe('npm start in Chromium', () => {
  it('start: the connector is ready, Omni shows Offline like the partner, the protocol log is not doubled by LOG lines', async () => {
    await omni.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await expect(omni.locator('#message-log td', { hasText: 'CONNECTOR_READY' }).count()).resolves.toBeGreaterThan(0);
    await expect(omni.locator('#status-picker button').count()).resolves.toBe(4);
    await expect(omni.locator('#current-status').textContent()).resolves.toBe('Offline');
    await expect(omni.locator('#status-picker button.selected').textContent()).resolves.toBe('Offline');
    await expect(omni.isChecked('#show-logs')).resolves.toBe(false);
    await expect(omni.locator('#message-log tr[data-log="true"]:not([hidden])').count()).resolves.toBe(0);
    // The shipped status map gives every partner code a way back: nothing to report.
    await expect(omni.isHidden('#config-report')).resolves.toBe(true);
    // The connector frame sits in the config card, not in a card of its own.
    await expect(omni.locator('#config-card iframe').count()).resolves.toBe(1);
    await shot(omni, 'omni-start');
  });

  it('the console reaches the simulator and says which emulator tab it shows', async () => {
    await partner.waitForSelector('body[data-simulator="connected"]', { timeout: 15_000 });
    await partner.waitForSelector('#partner-status[data-status="OFFLINE"]');
    await partner.waitForSelector('body[data-omni-tabs="1"]', { timeout: 10_000 });
    await expect(partner.locator('#instances').textContent()).resolves.toMatch(/^Showing the connector of the one Omni emulator tab \(tab \w{4}, opened /);
    await expect(partner.locator('#state-sf-status').textContent()).resolves.toBe('null (no Omni status seen yet)');
    await expect(partner.locator('#sync-log').textContent()).resolves.toBe('No sync decision yet: change the status on either side.');
    await shot(partner, 'console-start');
    // A lone tab's leader beats only for followers: a console opened later, with no other
    // console following (this one says bye), says hello as one to learn who publishes.
    await partner.evaluate(() => dispatchEvent(new Event('pagehide')));
    const late = await context.newPage();
    await late.goto(`${server.origin}/console.html`);
    await late.locator('#instances', { hasText: /Publishing: instance i-\w+-\w+ \(term \d+\)\.$/ }).waitFor({ timeout: 10_000 });
    await late.close();
    await partner.reload();
    await partner.waitForSelector('body[data-simulator="connected"]', { timeout: 15_000 });
  });

  it('Omni → partner: choosing Away puts the partner on BREAK; the chosen button stays readable under the pointer', async () => {
    const away = `#status-picker button[data-status-id="${AWAY}"]`;
    await omni.click(away); // the pointer stays on the button, as a person's does
    await partner.waitForSelector('#partner-status[data-status="BREAK"]', { timeout: 10_000 });
    await omni.waitForSelector('#message-log td:text-is("SET_AGENT_STATUS_RESULT")');
    await omni.waitForSelector(`${away}.selected`);
    await omni.hover(away);
    const { ratio, background } = await contrastOf(omni, away);
    expect(background).not.toBe('rgb(238, 244, 255)');
    expect(ratio).toBeGreaterThanOrEqual(4.5);
    await expect(omni.locator('#status-result').textContent()).resolves.toBe('Away: the connector set the partner status (see the console).');
    await shot(omni, 'omni-away-hovered');
    await omni.mouse.move(0, 0);
  });

  it('partner → Omni: AVAILABLE on the console turns Omni Available; the sync log names the Salesforce statuses', async () => {
    await partner.click('#partner-buttons button[data-status="AVAILABLE"]');
    await omni.waitForSelector(`#current-status[data-status-id="${AVAILABLE}"]`, { timeout: 10_000 });
    await partner.waitForSelector('#sync-log td.outcome:text-is("echo")', { timeout: 10_000 });
    await expect(partner.locator('#partner-status').getAttribute('data-status')).resolves.toBe('AVAILABLE');
    const omniSide = await partner.locator('#sync-log tr').filter({ hasText: 'Omni → partner' }).first().locator('td').nth(3).textContent();
    expect(omniSide).toBe(`Available (${AVAILABLE})`);
    await expect(partner.locator('#state-sf-status').textContent()).resolves.toBe(`Available (${AVAILABLE})`);
    const selected = '#partner-buttons button.selected';
    await partner.hover(selected);
    expect((await contrastOf(partner, selected)).ratio).toBeGreaterThanOrEqual(4.5);
    await partner.mouse.move(0, 0);
    await shot(partner, 'console-synced');
  });

  it('a call with an enqueued status: Omni keeps Available and shows Busy as next until wrap-up ends', async () => {
    await partner.click('#incoming-call');
    await omni.waitForSelector('#incoming-toast:not([hidden])', { timeout: 10_000 });
    await shot(omni, 'omni-ringing');
    await omni.click('#accept-call');
    await omni.waitForSelector('#call-summary[data-phase="connected"]', { timeout: 10_000 });
    await partner.waitForSelector('#call-state:text-is("connected")', { timeout: 10_000 });

    await omni.check('#enqueue-next');
    await omni.click(`#status-picker button[data-status-id="${BUSY}"]`);
    await omni.waitForSelector('#status-result:has-text("is enqueued")', { timeout: 10_000 });
    await expect(omni.locator('#current-status').textContent()).resolves.toBe('Available');
    await expect(omni.locator('#next-status').textContent()).resolves.toBe('next: Busy (after the call)');
    await expect(omni.locator('#status-result').textContent()).resolves.not.toMatch(/confirmed/);
    await partner.waitForSelector('#state-pending:has-text("toPartner: MEETING")');
    await expect(partner.locator('#partner-status').getAttribute('data-status')).resolves.toBe('AVAILABLE');
    await expect(partner.locator('#state-pending').textContent()).resolves.toBe(`toPartner: MEETING (Salesforce Busy (${BUSY}))`);
    await omni.mouse.move(0, 0);
    await shot(omni, 'omni-enqueued');
    await shot(partner, 'console-pending');

    await omni.click('#end-call');
    await omni.waitForSelector('#call-summary[data-phase="wrapup"]', { timeout: 10_000 });
    await omni.click('#wrap-up');
    await partner.waitForSelector('#partner-status[data-status="MEETING"]', { timeout: 10_000 });
    await expect(omni.locator('#current-status').getAttribute('data-status-id')).resolves.toBe(BUSY);
    await expect(omni.isHidden('#next-status')).resolves.toBe(true);
    await omni.uncheck('#enqueue-next');
  });

  it('a bad statusMap: the connector still starts and its report is on the config card', async () => {
    await omni.fill('#status-map', 'Available=AVAILABLE; Away=BREAK, Busy=MEETING');
    await omni.click('#reconnect');
    await omni.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await omni.waitForSelector('#config-report:not([hidden]) li');
    const issues = await omni.locator('#config-issues li').allTextContents();
    expect(issues.some((t) => t.includes('Away=BREAK, Busy=MEETING: entry skipped: more than one operator (separate entries with ";"'))).toBe(true);
    expect(issues.some((t) => /^partner BREAK, LUNCH, MEETING, TRAINING, NOT_READY unmapped/.test(t))).toBe(true);
    await omni.mouse.move(0, 0);
    await shot(omni, 'omni-bad-status-map');
  });

  it('broken userPresenceStatuses JSON: the picker stays, the card says why, nothing stale is shown', async () => {
    await omni.fill('#status-map', 'Available=AVAILABLE; Away=BREAK; Busy=MEETING; Away<LUNCH; Away<TRAINING; Away<NOT_READY');
    await omni.fill('#presence-json', '{ "0": broken');
    await omni.click('#reconnect');
    await omni.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await omni.waitForSelector('#config-report:not([hidden]) li');
    await expect(omni.locator('#status-picker button').count()).resolves.toBe(4);
    await expect(omni.locator('#current-status').textContent()).resolves.toBe('Busy');
    await expect(omni.locator('#config-note').textContent()).resolves.toMatch(/^userPresenceStatuses is not valid JSON .*The picker keeps the last valid statuses\.$/);
    await expect(omni.locator('#status-result').textContent()).resolves.toBe('');
    const issues = await omni.locator('#config-issues li').allTextContents();
    expect(issues).toContain('userPresenceStatuses — userPresenceStatuses is not valid JSON {statusId: status}');
    expect(issues.some((t) => t.includes('keeping the statuses of the last good configuration'))).toBe(true);
    // The saved statuses and this statusMap still sync: Away in Omni puts the partner on BREAK.
    await omni.click(`#status-picker button[data-status-id="${AWAY}"]`);
    await partner.waitForSelector('#partner-status[data-status="BREAK"]', { timeout: 10_000 });
    await omni.mouse.move(0, 0);
    await shot(omni, 'omni-broken-json');

    // Back to the fixture for what follows.
    const fixture = fs.readFileSync(path.join(ROOT, 'dev', 'fixtures', 'user-presence-statuses.json'), 'utf8');
    await omni.fill('#presence-json', fixture);
    await omni.click('#reconnect');
    await omni.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await expect(omni.isHidden('#config-note')).resolves.toBe(true);
  });

  it('a second emulator tab: the console says the two connectors act as one and names the publishing instance; closing one clears it', async () => {
    const second = await context.newPage();
    await second.goto(`${server.origin}/omni.html`);
    await second.waitForSelector('body[data-connector="ready"]', { timeout: 30_000 });
    await partner.waitForSelector('body[data-omni-tabs="2"]', { timeout: 10_000 });
    await expect(partner.locator('#instances').textContent()).resolves.toMatch(/^2 Omni emulator tabs are open .* Their connectors act as one: .*: instance i-\w+-\w+ \(term \d+\); the others follow it\.$/);
    await shot(partner, 'console-two-tabs');
    await second.close();
    await partner.waitForSelector('body[data-omni-tabs="1"]', { timeout: 10_000 });
  });

  it('writes the README screenshots of both pages', async () => {
    await partner.click('#partner-buttons button[data-status="AVAILABLE"]');
    await omni.waitForSelector(`#current-status[data-status-id="${AVAILABLE}"]`, { timeout: 10_000 });
    // A scheduled break, so the console's countdown shows in its screenshot.
    await partner.fill('#schedule-start', '45');
    await partner.fill('#schedule-duration', '60');
    await partner.click('#schedule');
    await partner.waitForSelector('#countdown.active');
    await omni.mouse.move(0, 0);
    await partner.mouse.move(0, 0);
    await omni.locator('#presence-json').evaluate((node) => node.scrollTo(0, 0));
    await shot(omni, 'omni-emulator');
    await shot(partner, 'simulator-console');
    if (README_SHOTS) {
      for (const name of ['omni-emulator', 'simulator-console']) fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(README_SHOTS, `${name}.png`));
    }
  });

  it('no page threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
