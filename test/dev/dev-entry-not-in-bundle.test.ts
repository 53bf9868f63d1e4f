/** @jest-environment node */
// The local SETUP_CONNECTOR relay must never ship: it lives only in the dev entry, and
// the production bundle (dist/connector.js) must not contain a trace of it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureFreshBuild } from '../build/dist';
import { ROOT } from './dev-server-process';

jest.setTimeout(180_000);

const DIST_BUNDLE = path.join(ROOT, 'dist', 'connector.js');
const DEV_ENTRY = path.join(ROOT, 'dev', 'connector-dev-entry.ts');
const MARKERS = ['DEV_ONLY_SETUP_RELAY', 'DEV_SETUP_CONNECTOR', 'DEV_CONNECTOR_LOADED', 'localhost.lightning.force.com'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

let freshOutDir: string;

// dist/ may be stale or missing, and other builds may be writing it, so the production
// config is also built afresh (same config, same entry) into a temporary folder.
beforeAll(() => {
  freshOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-prod-'));
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production', '--output-path', freshOutDir],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout) : String(error);
    throw new Error(`the production build (npm run build) failed, so the bundle cannot be checked:\n${output}`);
  }
});

afterAll(() => {
  if (freshOutDir) fs.rmSync(freshOutDir, { recursive: true, force: true });
});

describe('the dev-only setup relay', () => {
  it('the dev entry does carry the markers (so their absence below means something)', () => {
    const source = fs.readFileSync(DEV_ENTRY, 'utf8');
    for (const marker of MARKERS) expect(source).toContain(marker);
  });

  it.each(MARKERS)('a fresh production build of connector.js does not contain %s', (marker) => {
    const bundle = fs.readFileSync(path.join(freshOutDir, 'connector.js'), 'utf8');
    // An empty bundle would prove nothing: the connector itself must be in it.
    expect(bundle).toContain('CONNECTOR_READY');
    expect(bundle).not.toContain(marker);
  });

  it('dist/connector.js, where it exists, contains none of the markers either', () => {
    if (!fs.existsSync(DIST_BUNDLE)) ensureFreshBuild();
    const bundle = fs.readFileSync(DIST_BUNDLE, 'utf8');
    expect(MARKERS.filter((marker) => bundle.includes(marker))).toEqual([]);
  });

  it('no production source imports anything from dev/', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src')).filter((file) =>
      /from\s+['"][./]*dev\/|import\s+['"][./]*dev\//.test(fs.readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the production build has one entry, src/main.ts', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(path.join(ROOT, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => { entry: unknown };
    expect(config({}, { mode: 'production' }).entry).toEqual({ connector: './src/main.ts' });
  });
});
