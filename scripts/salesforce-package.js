// Writes what an admin takes into an org, from the bundle and the names of
// scripts/salesforce-names.js:
// - dist/callcenter.xml: the partner-telephony contact center import file (from the
//   template static/callcenter.xml);
// - dist/salesforce/: a Salesforce DX project that `sf project deploy start` deploys as
//   it is: the connector as a static resource, the Visualforce page that includes it
//   (Salesforce's documented way to host a connector in the org), and the
//   ConversationVendorInfo whose connector URL is that page.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Where the DX project keeps its metadata source (its one package directory). */
const SOURCE_DIR = path.join('force-app', 'main', 'default');

/** Escapes text for an XML element or attribute. */
function xmlText(value) {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Makes text safe inside an XML comment (no "--"). */
function xmlComment(value) {
  return String(value).replace(/-(?=-)/g, '- ');
}

/**
 * Fills `{{key}}` tokens of a template: in a comment with comment-safe text, elsewhere
 * XML-escaped. An unknown token fails the build.
 */
function fillTemplate(template, names) {
  let inComment = false;
  return template.split(/(<!--|-->)/).map((part) => {
    if (part === '<!--') inComment = true;
    else if (part === '-->') inComment = false;
    else {
      return part.replace(/\{\{(\w+)\}\}/g, (_, key) => {
        if (!Object.prototype.hasOwnProperty.call(names, key)) throw new Error(`callcenter.xml template: unknown token {{${key}}}`);
        return inComment ? xmlComment(names[key]) : xmlText(names[key]);
      });
    }
    return part;
  }).join('');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/** The files of the DX project, by path relative to dist/salesforce/. */
function projectFiles(names, connectorJs) {
  const { staticResource, page, vendorInfo, vendorLabel, namespace, apiVersion, connectorUrl } = names;
  const files = new Map();
  files.set('sfdx-project.json', `${JSON.stringify({
    name: 'scv-partner-telephony-connector',
    namespace,
    packageDirectories: [{ path: 'force-app', default: true }],
    sourceApiVersion: apiVersion,
  }, null, 2)}\n`);

  const resources = path.join(SOURCE_DIR, 'staticresources');
  files.set(path.join(resources, `${staticResource}.js`), connectorJs);
  files.set(path.join(resources, `${staticResource}.resource-meta.xml`), `${XML_HEAD}<StaticResource xmlns="${METADATA_NS}">
    <cacheControl>Public</cacheControl>
    <contentType>application/javascript</contentType>
    <description>${xmlText(`Service Cloud Voice connector script, loaded by the Visualforce page ${page}`)}</description>
</StaticResource>
`);

  const pages = path.join(SOURCE_DIR, 'pages');
  // Only the connector script: no Salesforce header, sidebar or stylesheets in the
  // softphone's frame. The script registers the connector when the page has loaded.
  files.set(path.join(pages, `${page}.page`), `<apex:page showHeader="false" sidebar="false" standardStylesheets="false">
    <apex:includeScript value="{!$Resource.${staticResource}}"/>
</apex:page>
`);
  files.set(path.join(pages, `${page}.page-meta.xml`), `${XML_HEAD}<ApexPage xmlns="${METADATA_NS}">
    <apiVersion>${apiVersion}</apiVersion>
    <description>${xmlText(`Hosts the Service Cloud Voice connector (static resource ${staticResource}); the connector URL of ${vendorInfo}`)}</description>
    <label>${xmlText(page)}</label>
</ApexPage>
`);

  files.set(path.join(SOURCE_DIR, 'ConversationVendorInformation', `${vendorInfo}.ConversationVendorInformation-meta.xml`), `${XML_HEAD}<ConversationVendorInfo xmlns="${METADATA_NS}">
    <connectorUrl>${xmlText(connectorUrl)}</connectorUrl>
    <developerName>${xmlText(vendorInfo)}</developerName>
    <masterLabel>${xmlText(vendorLabel)}</masterLabel>
    <vendorType>ServiceCloudVoicePartner</vendorType>
</ConversationVendorInfo>
`);
  return files;
}

/**
 * Writes dist/callcenter.xml and dist/salesforce/ (replacing an earlier one).
 *
 * @param {{ dist: string, staticDir: string, names: ReturnType<import('./salesforce-names').resolveNames> }} options
 */
function writeSalesforcePackage({ dist, staticDir, names }) {
  const connectorJs = fs.readFileSync(path.join(dist, 'connector.js'));
  const template = fs.readFileSync(path.join(staticDir, 'callcenter.xml'), 'utf8');
  fs.writeFileSync(path.join(dist, 'callcenter.xml'), fillTemplate(template, names));

  const root = path.join(dist, 'salesforce');
  fs.rmSync(root, { recursive: true, force: true });
  const files = projectFiles(names, connectorJs);
  // sfdx-project.json last: its time stamps a complete package (test/build/dist.ts).
  const ordered = [...files.keys()].sort((a, b) => (a === 'sfdx-project.json') - (b === 'sfdx-project.json'));
  for (const relative of ordered) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, files.get(relative));
  }
}

module.exports = { writeSalesforcePackage, fillTemplate, SOURCE_DIR };
