/**
 * Starts `node dev/server.js` the way `npm start` does, for the dev-server tests.
 *
 * @remarks
 * Each process builds into its own temporary folder (`DEV_OUT_DIR`) and listens on a
 * free port (`PORT=0`), so test files running in parallel never share output.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** A running dev server process. */
export interface DevServerProcess {
  /** `http://127.0.0.1:<port>` (the address it listens on) as printed by the server. */
  origin: string;
  /** Everything the process printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns the dev server and resolves once it printed the Omni emulator URL. */
export function startDevServer(env: Record<string, string> = {}, timeoutMs = 90_000): Promise<DevServerProcess> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-dev-'));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['dev/server.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DEV_WATCH: '0', DEV_OUT_DIR: outDir, ...env },
  });
  let text = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        fs.rmSync(outDir, { recursive: true, force: true });
        resolve();
        return;
      }
      child.once('exit', () => {
        fs.rmSync(outDir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`dev server did not print its URL in ${timeoutMs} ms:\n${text}`)));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const match = /Omni emulator: (http:\/\/[^\s/]+:\d+)\/omni\.html/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ origin: match[1], output: () => text, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited (code ${String(code)}) before printing its URL:\n${text}`));
    });
  });
}

/** Runs `node dev/server.js` to completion (for inputs it must refuse) and returns its exit code and output. */
export function runDevServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dev/server.js'], { cwd: ROOT, env: { ...process.env, DEV_WATCH: '0', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
