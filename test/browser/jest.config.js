/** @type {import('jest').Config} */
// Real-browser tests: Node environment (they drive Chromium through playwright-core),
// one at a time (each launches its own Chromium), generous timeouts. The build is
// checked for freshness once, before any test.
module.exports = {
  displayName: 'browser',
  rootDir: '../..',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/browser/global-setup.ts',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  maxWorkers: 1,
  testTimeout: 60_000,
};
