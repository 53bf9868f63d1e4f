// Mutation testing of the sync rules (README "Mutation testing"). StrykerJS 9.6 with
// the jest runner; 10.x needs a newer Node than the project's 20.
//
//   npm run test:mutation              full run (about an hour on 2 cores); rewrites the
//                                      committed incremental report from scratch
//   npm run test:mutation:update       re-tests only mutants in changed code or covered by
//                                      changed tests; refreshes the committed report
//   npm run test:mutation:ci           what .ci/run does: the incremental run, within a
//                                      time budget, without touching the committed report
//
// Every run ends with scripts/mutation-score.js, which fails unless EVERY mutated file
// scores at least the break threshold below (Stryker's own `break` checks the total).

/** Files whose mutants are tested: the sync rules and the connector's shell around them. */
export const MUTATE = [
  'src/status-sync/**/*.ts',
  'src/connector/status-sync-bridge.ts',
  // The partner server's routing, killed by test/server/acd-routing.test.ts (in-process,
  // fake clock). The other test/server/ files are left out of mutation runs
  // (test/mutation/jest.config.js): they start real servers, and pick Node's environment
  // by a plain `@jest-environment node` docblock, which hides their coverage from
  // Stryker (test/support/node-environment.js is the wrapped one).
  'server/agents/acd.ts',
  // The connector's side of the resync after a reconnect (apply each frame once, replace
  // on a gap or a snapshot), killed in-process by test/partner/remote/mirror.test.ts.
  'src/partner/remote/mirror.ts',
];

/** Minimum mutation score of every mutated file, and of the total. */
export const BREAK_THRESHOLD = 90;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'test/mutation/jest.config.js',
    enableFindRelatedTests: true,
  },
  // Each mutant runs only the tests that execute it.
  coverageAnalysis: 'perTest',
  mutate: MUTATE,
  // The machine has 2 cores; CI runs this alone. Developers on a shared machine: --concurrency 1.
  concurrency: 2,
  // A busy machine slows tests down; a mutant is a timeout only well past normal.
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 10,
  thresholds: { high: 95, low: BREAK_THRESHOLD, break: BREAK_THRESHOLD },
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportTests: false, reportScoreTable: true, reportMutants: true },
  // Only what the tests need goes into the sandboxes.
  ignorePatterns: ['test/mutation/stryker-incremental.json', 'dist', '.dev-dist', 'coverage', 'docs', 'bench', 'dev', 'static', 'test/browser', 'test-results', '*.log'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
