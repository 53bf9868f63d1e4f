// Type-checked typescript-eslint rules over src/, server/, test/, dev/, bench/; no console in
// src/ (logs go through the base library's logger) nor in server/ (its own masked logger);
// the layering of src/ (eslint.layers.cjs) and what server/ may import from src/.
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.cjs';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.stryker-tmp*/', 'reports/', 'node_modules/', 'bench/results.json', 'bench/.build/', '.dev-dist/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['src/**/*.ts', 'server/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'dev/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './server/tsconfig.json', './test/tsconfig.json', './dev/tsconfig.json', './bench/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  // Who may import whom in src/ (eslint.layers.cjs): a broken layering rule fails lint.
  ...layers.map(({ name, files, forbid }) => ({
    name: `layer: ${name}`,
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: forbid.map(({ regex, message }) => ({ regex, message })) }] },
  })),
  {
    // The partner server is a separate process: it may use the partner domain and the
    // shared vocabulary, never the connector, the status sync or the Salesforce wrapper.
    files: ['server/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '/src/(?!vocabulary/|partner/core/|partner/wire/|partner/partner-telephony$)', message: 'server/ may import only src/vocabulary/, src/partner/core/, src/partner/wire/ and the partner seam (src/partner/partner-telephony.ts).' },
            { regex: '^@salesforce/', message: 'The base library runs in the browser connector, not in the partner server.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
