// The Salesforce names the build writes into dist/callcenter.xml and dist/salesforce/:
// one consistent default set, changed at build time with
//   npm run build -- --env vendorInfo=AcmeVoice --env page=AcmeConnector
// or a small JSON file holding any of the same keys:
//   npm run build -- --env config=my-names.json
// (an --env key wins over the file). Every name is checked here, so a bad one fails the
// build with a message instead of a deploy that Salesforce rejects later.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** The default names; each key is also the `--env` key that changes it. */
const DEFAULT_NAMES = Object.freeze({
  /** Static resource holding dist/connector.js (`{!$Resource.NAME}`). */
  staticResource: 'ScvPartnerConnector',
  /** Visualforce page that hosts the connector (the connector URL is `/apex/NAME`). */
  page: 'ScvPartnerConnectorPage',
  /** ConversationVendorInfo developer name (the contact center's `reqVendorInfoApiName`). */
  vendorInfo: 'ScvPartnerTelephony',
  /** ConversationVendorInfo label: the telephony provider's name in Setup. */
  vendorLabel: 'SCV Partner Telephony (reference connector)',
  /** Contact center internal name (`reqInternalName`). */
  contactCenter: 'ScvPartnerContactCenter',
  /** Contact center display name (`reqDisplayName`). */
  contactCenterLabel: 'SCV Partner Telephony Contact Center',
  /** Namespace prefix of a managed package holding these components; empty for none. */
  namespace: '',
});

/** Metadata API version of the generated project (ConversationVendorInfo's vendorType needs 53.0+). */
const API_VERSION = '62.0';

// Salesforce API names: a letter first, then letters, digits and single underscores, no
// underscore at the end.
const API_NAME = /^[A-Za-z](?:_?[A-Za-z0-9])*$/;
const RULES = {
  staticResource: { pattern: API_NAME, max: 40, what: 'an API name (letters, digits, single underscores, starting with a letter)' },
  page: { pattern: API_NAME, max: 40, what: 'an API name (letters, digits, single underscores, starting with a letter)' },
  vendorInfo: { pattern: API_NAME, max: 40, what: 'an API name (letters, digits, single underscores, starting with a letter)' },
  namespace: { pattern: /^(?:[A-Za-z][A-Za-z0-9]*)?$/, max: 15, what: 'a namespace prefix (letters and digits, starting with a letter) or empty' },
  contactCenter: { pattern: /^[A-Za-z][A-Za-z0-9]*$/, max: 40, what: 'letters and digits, starting with a letter' },
  vendorLabel: { pattern: /^[^\u0000-\u001f<>]+$/, max: 80, what: 'a label without control characters or < >' },
  contactCenterLabel: { pattern: /^[^\u0000-\u001f<>]+$/, max: 80, what: 'a label without control characters or < >' },
};

/** Reads the optional JSON names file named by `--env config=FILE`. */
function readConfigFile(file) {
  const full = path.resolve(file);
  let data;
  try {
    data = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    throw new Error(`Salesforce names: cannot read ${file} as JSON (${error.message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`Salesforce names: ${file} must hold a JSON object such as {"vendorInfo": "AcmeVoice"}`);
  }
  return data;
}

/**
 * The names for this build: defaults, then the `config` file, then single `--env` keys.
 *
 * @param {Record<string, unknown> | undefined} env webpack's `--env` object (its own
 *   `WEBPACK_*` keys are ignored)
 * @returns {typeof DEFAULT_NAMES & { vendorInfoApiName: string, connectorUrl: string, apiVersion: string }}
 * @throws Error naming the bad key and what it must be
 */
function resolveNames(env = {}) {
  const given = {};
  const fromEnv = Object.entries(env || {}).filter(([key]) => !key.startsWith('WEBPACK_') && key !== 'config');
  const fileEntries = typeof env?.config === 'string' ? Object.entries(readConfigFile(env.config)) : [];
  for (const [key, value] of [...fileEntries, ...fromEnv]) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_NAMES, key)) {
      throw new Error(`Salesforce names: unknown name "${key}" (known: ${Object.keys(DEFAULT_NAMES).join(', ')}, config)`);
    }
    // webpack-cli turns `--env namespace=` into undefined and `--env namespace` into true:
    // both mean "empty".
    given[key] = value === true || value === undefined ? '' : value;
  }
  const names = { ...DEFAULT_NAMES, ...given };
  for (const [key, rule] of Object.entries(RULES)) {
    const value = names[key];
    if (typeof value !== 'string' || !rule.pattern.test(value) || value.length > rule.max || (key !== 'namespace' && value.trim() === '')) {
      throw new Error(`Salesforce names: ${key} ${JSON.stringify(value)} must be ${rule.what}, at most ${rule.max} characters`);
    }
  }
  const prefix = names.namespace === '' ? '' : `${names.namespace}__`;
  return Object.freeze({
    ...names,
    apiVersion: API_VERSION,
    // Partner telephony names the vendor info by its full API name: namespace__DeveloperName.
    vendorInfoApiName: `${prefix}${names.vendorInfo}`,
    connectorUrl: `/apex/${prefix}${names.page}`,
  });
}

module.exports = { DEFAULT_NAMES, API_VERSION, resolveNames };
