#!/usr/bin/env node
// `npm test`: the unit/integration project with coverage (jest.config.js), then the
// real-browser project (test/browser/jest.config.js). Both always run, so one report
// shows every failure; the exit code is non-zero if either failed. Extra arguments
// (a path filter, -t …) go to both runs.
//
// --forceExit: a failing test can leave a Node BroadcastChannel or MessagePort open,
// which keeps jest alive forever after the run ("Jest did not exit"); CI must end.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const jest = path.resolve(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-jest-'));

/** Runs one jest project; returns whether it passed and its counts (from jest's JSON report). */
function run(label, args) {
  console.log(`\n### ${label}: jest ${args.join(' ')}\n`);
  const report = path.join(reports, `${label.replace(/\W+/g, '-')}.json`);
  const result = spawnSync(process.execPath, [jest, ...args, '--json', `--outputFile=${report}`], { stdio: 'inherit' });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts = { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
  } catch {
    counts.failed += 1; // no report: jest itself failed
  }
  return { ok: result.status === 0, ...counts };
}

const unit = run('unit and integration tests', ['--coverage', '--forceExit', ...extra]);
const browser = run('real-browser tests', ['-c', 'test/browser/jest.config.js', '--passWithNoTests', '--forceExit', ...extra]);
console.log(`\nnpm test: unit ${unit.ok ? 'passed' : 'FAILED'}, browser ${browser.ok ? 'passed' : 'FAILED'}`);
// One plain closing line that CI reads: N passed, N failed, N skipped.
const total = (key) => unit[key] + browser[key];
console.log(`tests: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exit(unit.ok && browser.ok ? 0 : 1);
