/**
 * The jest configuration of mutation runs (`npm run test:mutation`, stryker.config.mjs):
 * the unit and integration project (jest.config.js) with only the tests that can reach
 * the mutated code, and lighter property and fuzz tests.
 *
 * Left out: the real-browser tests (their own project), the tests of the build, the
 * bench and the dev server (they read `dist/` or spawn processes, never the mutated
 * sources Stryker instruments), and the README checks (see below). Property and fuzz tests run a tenth of their cases
 * (FC_RUNS_SCALE, test/support/fc-runs.ts) with a fixed seed, so a mutant's result does
 * not depend on the luck of one run and the incremental report stays reproducible.
 */
'use strict';

const path = require('node:path');
const base = require('../../jest.config.js');

process.env.FC_RUNS_SCALE ??= '0.1';
process.env.FC_SEED ??= '20261113';

const rootDir = path.resolve(__dirname, '..', '..');

/**
 * MUTATION_QUICK_TESTS=<folder>, e.g. `test/status-sync`: only the tests in that folder
 * that import the mutated file's folder directly (Stryker adds it to the roots). Every
 * mutant then loads a few test files instead of every integration test that reaches it
 * (seconds instead of most of a minute on a busy machine). For hunting one file's
 * survivors with its own incremental file; never for the committed report, whose
 * baselines must come from the full test set (README "Mutation testing").
 */
const QUICK_TESTS = process.env.MUTATION_QUICK_TESTS?.replace(/\/+$/, '') || undefined;

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir,
  // src/ and server/ too: Stryker runs each mutant with jest's --findRelatedTests, which
  // follows imports only through files under the roots (engine.ts → the bridge → the
  // connector → the Salesforce double of the integration tests; acd.ts → the
  // switchboard). See QUICK_TESTS for the exception.
  roots: QUICK_TESTS === undefined ? ['<rootDir>/src', '<rootDir>/server', ...base.roots] : [`<rootDir>/${QUICK_TESTS}`],
  // Resolved by Node rather than at <rootDir>/node_modules: Stryker links node_modules into
  // its sandbox only when it is a real folder, not when it is itself a symlink (a git
  // worktree sharing another checkout's node_modules).
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@salesforce/scv-connector-base$': require.resolve('@salesforce/scv-connector-base/src/main/index.js'),
  },
  // Absolute: Stryker wraps the environment and resolves it without jest's <rootDir>.
  testEnvironment: base.testEnvironment.replace('<rootDir>', rootDir),
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '<rootDir>/test/build/',
    '<rootDir>/test/bench/',
    '<rootDir>/test/dev/',
    '<rootDir>/test/mutation/',
    // The README checks parse its example while jest collects the tests, so every parser
    // mutant they reach would count as "static" and run against every related test.
    '<rootDir>/test/docs/',
    // The partner server's tests over real sockets and child processes: slow per mutant,
    // and their `@jest-environment node` docblock hides coverage from Stryker. The ACD's
    // rules are checked in-process by acd-routing.test.ts (test/support/node-environment.js).
    '<rootDir>/test/server/(?!acd-routing\\.test\\.ts$)',
    // The remote partner's tests run a real server over sockets (`@jest-environment node`):
    // they reach no sync rule, and the ACD is covered in-process above. Its resync rules
    // (the mirror) are checked in-process by mirror.test.ts.
    '<rootDir>/test/partner/remote/(?!mirror\\.test\\.ts$)',
  ],
  // Instrumented code on a busy machine: the first test of a file, which loads the page,
  // can pass jest's 5 s. Stryker's own timeout (stryker.config.mjs) still catches loops.
  testTimeout: 30_000,
  collectCoverage: false,
  coverageThreshold: undefined,
};
