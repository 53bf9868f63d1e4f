#!/usr/bin/env node
// `npm test`: the unit/integration project with coverage (jest.config.js), then the
// real-browser project (test/browser/jest.config.js). Both always run, so one report
// shows every failure; the exit code is non-zero if either failed. Extra arguments
// (a path filter, -t …) go to both runs. The last line is the plain
// `tests: N passed, N failed, N skipped` that CI reads.
//
// Tests close what they open, so jest ends by itself (no --forceExit, which would hide
// a leaked handle). In case one is ever leaked anyway, each run has an outer time limit
// (SCV_TEST_RUN_TIMEOUT_MS, default 25 minutes): past it the run's whole process group
// is killed and counted as failed, so CI can never hang.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const jest = path.resolve(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
const RUN_TIMEOUT_MS = Number(process.env.SCV_TEST_RUN_TIMEOUT_MS) || 25 * 60_000;

/** Runs jest in its own process group; resolves with its exit code, or null when killed at the time limit. */
function spawnJest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, ...args], { stdio: 'inherit', detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nscripts/run-tests.js: jest still running after ${RUN_TIMEOUT_MS / 60_000} min; killing it and everything it started`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, RUN_TIMEOUT_MS);
    // Ctrl-C or a kill of npm test reaches only this process (jest is in its own
    // group): pass it on, so nothing is left running.
    const forward = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(timedOut ? null : code);
    });
  });
}

/** Runs one jest project; returns whether it passed and its counts (from jest's JSON report). */
async function run(label, args, reports) {
  console.log(`\n### ${label}: jest ${args.join(' ')}\n`);
  const report = path.join(reports, `${label.replace(/\W+/g, '-')}.json`);
  const status = await spawnJest([...args, '--json', `--outputFile=${report}`]);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts = { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
  } catch {
    counts.failed += 1; // no report: jest itself failed
  }
  if (status === null) counts.failed += 1; // killed at the time limit
  return { ok: status === 0, ...counts };
}

async function main() {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-jest-'));
  try {
    const unit = await run('unit and integration tests', ['--coverage', ...extra], reports);
    const browser = await run('real-browser tests', ['-c', 'test/browser/jest.config.js', '--passWithNoTests', ...extra], reports);
    console.log(`\nnpm test: unit ${unit.ok ? 'passed' : 'FAILED'}, browser ${browser.ok ? 'passed' : 'FAILED'}`);
    // One plain closing line that CI reads: N passed, N failed, N skipped.
    const total = (key) => unit[key] + browser[key];
    console.log(`tests: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
    process.exitCode = unit.ok && browser.ok ? 0 : 1;
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
}

void main();
