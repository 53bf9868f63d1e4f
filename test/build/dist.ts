/**
 * Where the build output lives and whether it is up to date.
 *
 * @remarks
 * Tests of the build output (test/build) and the real-browser tests (test/browser) read
 * dist/. If it is missing or older than any of its inputs, {@link ensureFreshBuild} runs
 * `npm run build`'s webpack once, so `npm test` always checks what the sources build.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** Build output folder. */
export const DIST = path.join(ROOT, 'dist');
/** Files `npm run build` must write. */
export const DIST_FILES = ['connector.js', 'index.html', 'callcenter.xml', 'salesforce/sfdx-project.json'] as const;
/** Written last by the build (after webpack emits), so its time stamps the whole build. */
const LAST_WRITTEN = path.join(DIST, 'salesforce', 'sfdx-project.json');

const INPUTS = ['src', 'static', 'scripts', 'webpack.config.js', 'tsconfig.json', 'package-lock.json'];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** Why dist/ needs a rebuild, or undefined if it is complete and newer than every input. */
export function staleReason(): string | undefined {
  const missing = DIST_FILES.filter((f) => !fs.existsSync(path.join(DIST, f)));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const built = fs.statSync(LAST_WRITTEN).mtimeMs;
  const newer = INPUTS.filter((i) => newestMtime(path.join(ROOT, i)) > built);
  return newer.length > 0 ? `older than ${newer.join(', ')}` : undefined;
}

/** Runs the production build if dist/ is missing or stale; throws with webpack's output if it fails. */
export function ensureFreshBuild(): void {
  const reason = staleReason();
  if (reason === undefined) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const out = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`dist/ was ${reason} and \`npm run build\` failed:\n${String(out.stdout ?? '')}${String(out.stderr ?? '')}`);
  }
}
