/**
 * The login form in real Chromium, in the adapter page (`dist/index.html`) under a strict
 * Content-Security-Policy with Trusted Types enforced (CONTRACT §8).
 *
 * @remarks
 * The partner that needs a login: the real remote partner lives on another branch, so
 * the page's script is a bundle of `./login-entry.ts` — the default start path with a
 * scripted `remote` partner that needs a login — made by the production webpack config
 * (same loaders, minifier and private-name mangling as `dist/connector.js`). The test
 * serves it in place of `connector.js`, and `dist/index.html` with the Trusted Types
 * directives added to the strict policy (Playwright routes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import webpack from 'webpack';
import { connectorConfig, STRICT_CSP, type BrowserSession } from './harness';
import { browserSuite } from './suite';

/** The harness's strict policy plus Trusted Types: no string reaches an HTML or script sink. */
const TRUSTED_TYPES_CSP = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types 'none'`;
const ROOT = path.resolve(__dirname, '..', '..');

interface RuleWithOptions {
  options?: Record<string, unknown>;
}

/** Builds `./login-entry.ts` with the production config into a fresh folder; returns the bundle's path. */
async function buildLoginBundle(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-login-bundle-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the production webpack config is CommonJS
  const production = require(path.join(ROOT, 'webpack.config.js')) as (env: object, argv: object) => webpack.Configuration;
  const config = production({}, { mode: 'production' });
  const rule = (config.module?.rules?.[0] ?? {}) as RuleWithOptions;
  // The entry lives in test/: compile with the test project (it includes src/ too).
  rule.options = { ...rule.options, configFile: path.join(ROOT, 'test', 'tsconfig.json'), compilerOptions: { noEmit: false } };
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack(
      { ...config, entry: { connector: path.join(__dirname, 'login-entry.ts') }, output: { ...config.output, path: out }, devtool: false, plugins: [] },
      (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return path.join(out, 'connector.js');
}

const suite = browserSuite();
let bundle = '';
beforeAll(async () => {
  bundle = await buildLoginBundle();
}, 300_000);
afterAll(() => {
  if (bundle) fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

/** Opens a session whose adapter page runs the login bundle under {@link TRUSTED_TYPES_CSP}. */
async function openWithLoginBundle(): Promise<BrowserSession> {
  const s = await suite.open();
  const origin = suite.server.connectorOrigin;
  await s.context.route(`${origin}/connector.js`, (route) => route.fulfill({ path: bundle, contentType: 'text/javascript; charset=utf-8' }));
  await s.context.route(`${origin}/index.html`, (route) =>
    route.fulfill({
      path: path.join(ROOT, 'dist', 'index.html'),
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': TRUSTED_TYPES_CSP, 'cache-control': 'no-store' },
    }),
  );
  await s.reloadAdapter();
  return s;
}

describe('the login form in Chromium, under a strict CSP with Trusted Types', () => {
  it('SHOW_LOGIN → the form; wrong credentials leave a message and publish nothing; the right ones → LOGIN_RESULT → CONNECTOR_READY', async () => {
    const s = await openWithLoginBundle();
    await s.setup(connectorConfig({ '/partner/mode': 'remote' }));
    await s.waitForEvent('SHOW_LOGIN');
    const frame = await s.frame('adapter');

    await frame.getByLabel('Username').fill('agent1');
    await frame.getByLabel('Password').fill('wrong');
    await frame.getByRole('button', { name: 'Log in' }).click();
    await frame.getByRole('alert').filter({ hasText: 'wrong username or password' }).waitFor();
    expect(await frame.getByLabel('Password').inputValue()).toBe('');
    expect(await s.events('LOGIN_RESULT')).toEqual([]);

    await frame.getByLabel('Password').fill('secret');
    await frame.getByRole('button', { name: 'Log in' }).click();
    await s.waitFor('CONNECTOR_READY', (all) => all.find((m) => m.type === 'CONNECTOR_READY'));
    expect((await s.events('LOGIN_RESULT')).map((e) => e.payload)).toEqual([{ success: true }]);
    await frame.locator('form').waitFor({ state: 'detached' });

    // Proof Trusted Types were in force: a string assigned to innerHTML is refused.
    s.expectError(/TrustedHTML/);
    const refused = await s.inAdapter(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
  });
});
