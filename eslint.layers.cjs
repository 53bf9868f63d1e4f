// The layering rules of src/: which folder may import which. eslint.config.mjs turns each
// layer into a `no-restricted-imports` block; test/architecture/layering.test.ts checks
// that a breaking import fails and that src/ has no folder cycle.
//
//   vocabulary          ◀── everything (imports nothing else from src/)
//   status-sync         ──▶ vocabulary
//   platform, salesforce ─▶ vocabulary
//   partner-telephony   ──▶ vocabulary
//   partner/core        ──▶ vocabulary, partner-telephony
//   partner/wire        ──▶ vocabulary, partner-telephony, partner/core (the server shares it)
//   partner/simulator…  ──▶ partner/core, partner-telephony, platform, salesforce, vocabulary
//   connector           ──▶ partner-telephony, status-sync, platform, salesforce, vocabulary
//   page                ──▶ partner-telephony, vocabulary (the adapter page's DOM parts)
//   composition         ──▶ anything
//
// Each `forbid` entry is a regular expression over the import's source text. Later layers
// are more specific (partner/core after partner/**): the last matching block wins, so each
// repeats what it inherits.
'use strict';

const BASE_LIBRARY = { regex: '^@salesforce/', message: 'Only src/salesforce/scv.ts imports the base library: use its wrapper.' };
const PARTNER_UPWARD = {
  regex: '^(\\.\\./)+(status-sync|connector|composition|index|main)(/|$)',
  message: 'The partner side never imports the sync rules, the connector or the composition root.',
};

/** @type {{ name: string, files: string[], forbid: { regex: string, message: string }[] }[]} */
module.exports = [
  {
    name: 'vocabulary',
    files: ['src/vocabulary/**/*.ts'],
    forbid: [{ regex: '^\\.\\./', message: 'src/vocabulary/ imports nothing else from src/.' }, BASE_LIBRARY],
  },
  {
    name: 'status-sync',
    files: ['src/status-sync/**/*.ts'],
    forbid: [
      { regex: '^\\.\\./(?!vocabulary/)', message: 'The sync rules are pure: they import only src/vocabulary/ (time, storage, partner and Salesforce are injected).' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'platform',
    files: ['src/platform/**/*.ts'],
    forbid: [{ regex: '^\\.\\./(?!vocabulary/)', message: 'src/platform/ (clock, storage) imports only src/vocabulary/.' }, BASE_LIBRARY],
  },
  {
    name: 'salesforce',
    files: ['src/salesforce/**/*.ts'],
    forbid: [{ regex: '^\\.\\./(?!vocabulary/)', message: 'The base-library wrapper imports only src/vocabulary/ from src/.' }],
  },
  {
    name: 'partner',
    files: ['src/partner/**/*.ts'],
    forbid: [PARTNER_UPWARD, BASE_LIBRARY],
  },
  {
    name: 'partner seam',
    files: ['src/partner/partner-telephony.ts'],
    forbid: [
      { regex: '^\\.\\./(?!vocabulary/)', message: 'The seam interface imports only src/vocabulary/.' },
      { regex: '^\\./', message: 'The seam interface knows no implementation.' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'partner core',
    files: ['src/partner/core/**/*.ts'],
    forbid: [
      { regex: '^\\.\\./\\.\\./(?!vocabulary/)', message: 'The partner core is pure: from src/ it imports only src/vocabulary/ and the seam.' },
      { regex: '^\\.\\./(?!\\.\\./|partner-telephony$)', message: 'The partner core imports no shell (simulator, remote): the shells import it.' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'partner wire',
    files: ['src/partner/wire/**/*.ts'],
    forbid: [
      { regex: '^\\.\\./\\.\\./(?!vocabulary/)', message: 'The wire protocol runs in the server and the browser: from src/ it imports only src/vocabulary/, the seam and the partner core.' },
      { regex: '^\\.\\./(?!\\.\\./|partner-telephony$|core/)', message: 'The wire protocol imports no shell (simulator, remote): the shells import it.' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'connector',
    files: ['src/connector/**/*.ts'],
    forbid: [
      { regex: '^\\.\\./(composition|index|main)(/|$)', message: 'The connector never imports the composition root.' },
      { regex: '^\\.\\./partner/(?!partner-telephony$)', message: 'The connector drives the partner only through the seam (src/partner/partner-telephony.ts).' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'page',
    files: ['src/page/**/*.ts'],
    forbid: [
      { regex: '^\\.\\./(?!vocabulary/|partner/partner-telephony$)', message: 'The page parts (DOM) import only src/vocabulary/ and the partner seam; the composition root wires them to the connector.' },
      BASE_LIBRARY,
    ],
  },
  {
    name: 'composition',
    files: ['src/composition/**/*.ts', 'src/index.ts', 'src/main.ts'],
    forbid: [BASE_LIBRARY],
  },
];
