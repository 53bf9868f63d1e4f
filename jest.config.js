/** @type {import('jest').Config} */
// The base library is compiled from its ES source (the same code webpack bundles),
// so tests exercise exactly what ships.
const baseLib = '<rootDir>/node_modules/@salesforce/scv-connector-base/src/main/index.js';

module.exports = {
  testEnvironment: '<rootDir>/test/support/jsdom-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Real-browser tests have their own project (test/browser/jest.config.js): Node
  // environment, serial, run by `npm test` after this one.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  // Tests run on fake clocks; the limit only catches hangs. 5 s (jest's default) was
  // reached by a file's first test on a loaded 2-core machine (module and jsdom start-up).
  testTimeout: 15_000,
  moduleNameMapper: {
    '^@salesforce/scv-connector-base$': baseLib,
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
    '^.+/scv-connector-base/src/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2020', isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@salesforce/scv-connector-base/src/)'],
  collectCoverageFrom: ['src/**/*.ts', '!src/dev/**'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: { global: { branches: 90 } },
};
