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
const path = require('node:path');

const jest = path.resolve(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);

function run(label, args) {
  console.log(`\n### ${label}: jest ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit' });
  return result.status === 0;
}

const unit = run('unit and integration tests', ['--coverage', '--forceExit', ...extra]);
const browser = run('real-browser tests', ['-c', 'test/browser/jest.config.js', '--passWithNoTests', '--forceExit', ...extra]);
console.log(`\nnpm test: unit ${unit ? 'passed' : 'FAILED'}, browser ${browser ? 'passed' : 'FAILED'}`);
process.exit(unit && browser ? 0 : 1);
