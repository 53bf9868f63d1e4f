/**
 * @jest-environment node
 */
// dist/salesforce/, the Salesforce DX project (CONTRACT §1), read with Salesforce's own
// @salesforce/source-deploy-retrieve (what `sf project deploy start` uses to find and
// convert the components; no org needed): the components it finds, their XML, their
// cross-references (contact center → vendor info → page → static resource → connector
// script), and names changed at build time.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ComponentSet, MetadataConverter, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { DIST, ROOT, ensureFreshBuild } from './dist';

interface Names {
  staticResource: string;
  page: string;
  vendorInfo: string;
  vendorLabel: string;
  contactCenter: string;
  contactCenterLabel: string;
  namespace: string;
  vendorInfoApiName: string;
  connectorUrl: string;
  apiVersion: string;
}
/* eslint-disable @typescript-eslint/no-require-imports -- the build scripts are CommonJS */
const { resolveNames, DEFAULT_NAMES } = require('../../scripts/salesforce-names.js') as {
  resolveNames(env?: Record<string, unknown>): Names;
  DEFAULT_NAMES: Omit<Names, 'vendorInfoApiName' | 'connectorUrl' | 'apiVersion'>;
};
const { writeSalesforcePackage } = require('../../scripts/salesforce-package.js') as {
  writeSalesforcePackage(options: { dist: string; staticDir: string; names: Names }): void;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-package-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  ensureFreshBuild();
}, 180_000);

type Xml = Record<string, unknown>;

/** What a deployer sees of a project: its components by type, their parsed XML, and the contact center's vendor name. */
async function readProject(dist: string): Promise<{
  project: { namespace: string; sourceApiVersion: string; packageDirectories: { path: string }[] };
  byType: Map<string, SourceComponent>;
  xml: Map<string, Xml>;
  vendorInfoApiName: string | undefined;
  set: ComponentSet;
}> {
  const root = path.join(dist, 'salesforce');
  const project = JSON.parse(fs.readFileSync(path.join(root, 'sfdx-project.json'), 'utf8')) as {
    namespace: string;
    sourceApiVersion: string;
    packageDirectories: { path: string }[];
  };
  const set = ComponentSet.fromSource(project.packageDirectories.map((dir) => path.join(root, dir.path)));
  set.sourceApiVersion = project.sourceApiVersion;
  const components = set.getSourceComponents().toArray();
  const byType = new Map(components.map((c) => [c.type.name, c]));
  const xml = new Map<string, Xml>();
  for (const c of components) xml.set(c.type.name, (await c.parseXml()));
  const callCenter = fs.readFileSync(path.join(dist, 'callcenter.xml'), 'utf8');
  const vendorInfoApiName = /<item [^>]*name="reqVendorInfoApiName"[^>]*>([^<]*)<\/item>/.exec(callCenter)?.[1];
  return { project, byType, xml, vendorInfoApiName, set };
}

/** Checks one project against the names it was built with. */
async function expectConsistentProject(dist: string, names: Names): Promise<void> {
  const { project, byType, xml, vendorInfoApiName, set } = await readProject(dist);
  expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
  expect(project.namespace).toBe(names.namespace);
  expect(Number(project.sourceApiVersion)).toBeGreaterThanOrEqual(53); // vendorType needs 53.0

  // Exactly the three components, by the names of this build.
  expect([...byType.keys()].sort()).toEqual(['ApexPage', 'ConversationVendorInfo', 'StaticResource']);
  const vendor = byType.get('ConversationVendorInfo')!;
  const page = byType.get('ApexPage')!;
  const resource = byType.get('StaticResource')!;
  expect(vendor.fullName).toBe(names.vendorInfo);
  expect(page.fullName).toBe(names.page);
  expect(resource.fullName).toBe(names.staticResource);
  // The exact folder and suffix Salesforce's registry expects (a lowercase folder is rejected).
  expect(path.relative(path.join(dist, 'salesforce'), vendor.xml!)).toBe(
    path.join('force-app', 'main', 'default', 'ConversationVendorInformation', `${names.vendorInfo}.ConversationVendorInformation-meta.xml`),
  );

  // The vendor info: partner telephony, connector URL = the page, developerName = file name.
  const info = xml.get('ConversationVendorInfo')!.ConversationVendorInfo as Xml;
  expect(info['@_xmlns']).toBe('http://soap.sforce.com/2006/04/metadata');
  expect(info.developerName).toBe(names.vendorInfo);
  expect(info.masterLabel).toBe(names.vendorLabel);
  expect(info.vendorType).toBe('ServiceCloudVoicePartner');
  expect(info.connectorUrl).toBe(names.connectorUrl);
  expect(info.connectorUrl).toBe(`/apex/${names.namespace ? `${names.namespace}__` : ''}${page.fullName}`);
  expect(Object.keys(info).sort()).toEqual(['@_xmlns', 'connectorUrl', 'developerName', 'masterLabel', 'vendorType']);

  // The contact center file names that vendor info by its full API name.
  expect(vendorInfoApiName).toBe(names.namespace ? `${names.namespace}__${vendor.fullName}` : vendor.fullName);

  // The page includes the static resource and nothing else.
  const markup = fs.readFileSync(page.content!, 'utf8');
  expect([...markup.matchAll(/\{!\$Resource\.(\w+)\}/g)].map((m) => m[1])).toEqual([resource.fullName]);
  expect(markup).toMatch(/^<apex:page\b[^>]*>\s*<apex:includeScript value="\{!\$Resource\.\w+\}"\/>\s*<\/apex:page>\s*$/);
  const pageMeta = xml.get('ApexPage')!.ApexPage as Xml;
  expect(pageMeta.apiVersion).toBe(project.sourceApiVersion);
  expect(pageMeta.label).toBe(names.page);

  // The static resource is the connector script, byte for byte.
  const resourceMeta = xml.get('StaticResource')!.StaticResource as Xml;
  expect(resourceMeta.contentType).toBe('application/javascript');
  expect(['Public', 'Private']).toContain(resourceMeta.cacheControl);
  expect(fs.readFileSync(resource.content!).equals(fs.readFileSync(path.join(dist, 'connector.js')))).toBe(true);

  // It converts to Metadata API format, as a deploy does first.
  const out = fs.mkdtempSync(path.join(scratch, 'mdapi-'));
  await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, genUniqueDir: false });
  const manifest = fs.readFileSync(path.join(out, 'package.xml'), 'utf8');
  for (const [type, member] of [['ApexPage', names.page], ['ConversationVendorInfo', names.vendorInfo], ['StaticResource', names.staticResource]]) {
    expect(manifest).toContain(`<members>${member}</members>\n        <name>${type}</name>`);
  }
  expect(manifest).toContain(`<version>${project.sourceApiVersion}</version>`);
  expect(fs.existsSync(path.join(out, 'ConversationVendorInformation', `${names.vendorInfo}.ConversationVendorInformation`))).toBe(true);
  expect(fs.readFileSync(path.join(out, 'staticresources', `${names.staticResource}.resource`)).equals(fs.readFileSync(path.join(dist, 'connector.js')))).toBe(true);
}

describe('dist/salesforce/, read with @salesforce/source-deploy-retrieve', () => {
  it('holds the static resource, the page and the vendor info with the default names, all cross-referenced', async () => {
    await expectConsistentProject(DIST, resolveNames());
    const { byType } = await readProject(DIST);
    expect(byType.get('ConversationVendorInfo')!.fullName).toBe(DEFAULT_NAMES.vendorInfo);
  });

  it('with other names (a namespace, a label to escape), written by the same generator', async () => {
    const dist = fs.mkdtempSync(path.join(scratch, 'dist-'));
    fs.copyFileSync(path.join(DIST, 'connector.js'), path.join(dist, 'connector.js'));
    const names = resolveNames({
      staticResource: 'AcmeScript',
      page: 'AcmeConnector',
      vendorInfo: 'Acme_Voice',
      vendorLabel: 'Acme & Sons -- Voice',
      contactCenter: 'AcmeCC1',
      contactCenterLabel: 'Acme "Main" Center',
      namespace: 'acme',
    });
    writeSalesforcePackage({ dist, staticDir: path.join(ROOT, 'static'), names });
    await expectConsistentProject(dist, names);
    const callCenter = fs.readFileSync(path.join(dist, 'callcenter.xml'), 'utf8');
    expect(callCenter).toContain('>AcmeCC1</item>');
    expect(callCenter).toContain('>Acme &quot;Main&quot; Center</item>');
    expect(callCenter).not.toMatch(/<!--[\s\S]*--[^>][\s\S]*-->/); // the label's "--" is defused in the comment
  });
});

describe('build-time names (scripts/salesforce-names.js)', () => {
  it('defaults to one consistent set', () => {
    const names = resolveNames({ WEBPACK_BUNDLE: true, WEBPACK_BUILD: true });
    expect(names.vendorInfoApiName).toBe(names.vendorInfo);
    expect(names.connectorUrl).toBe(`/apex/${names.page}`);
    // `--env namespace=` (undefined) and `--env namespace` (true) mean no namespace.
    expect(resolveNames({ namespace: undefined }).namespace).toBe('');
    expect(resolveNames({ namespace: true }).connectorUrl).toBe(`/apex/${names.page}`);
  });

  it('refuses unknown keys and invalid names with a message naming them', () => {
    expect(() => resolveNames({ vendor: 'X' })).toThrow(/unknown name "vendor"/);
    expect(() => resolveNames({ page: 'My Page' })).toThrow(/page "My Page" must be an API name/);
    expect(() => resolveNames({ vendorInfo: 'Acme__Voice' })).toThrow(/vendorInfo/);
    expect(() => resolveNames({ staticResource: 'Script_' })).toThrow(/staticResource/);
    expect(() => resolveNames({ contactCenter: 'Acme_CC' })).toThrow(/contactCenter/);
    expect(() => resolveNames({ vendorLabel: '' })).toThrow(/vendorLabel/);
    expect(() => resolveNames({ namespace: 'a_b' })).toThrow(/namespace/);
  });

  it('reads a JSON names file; a single --env key wins over it', () => {
    const file = path.join(scratch, 'names.json');
    fs.writeFileSync(file, JSON.stringify({ vendorInfo: 'FromFile', page: 'FilePage' }));
    const names = resolveNames({ config: file, page: 'EnvPage' });
    expect([names.vendorInfo, names.page]).toEqual(['FromFile', 'EnvPage']);
    fs.writeFileSync(file, '[1]');
    expect(() => resolveNames({ config: file })).toThrow(/must hold a JSON object/);
    expect(() => resolveNames({ config: path.join(scratch, 'missing.json') })).toThrow(/cannot read/);
  });

  it('`npm run build -- --env …` writes the package with those names; a bad name fails the build', async () => {
    const out = fs.mkdtempSync(path.join(scratch, 'build-'));
    const file = path.join(scratch, 'build-names.json');
    fs.writeFileSync(file, JSON.stringify({ page: 'FromFilePage' }));
    const webpack = path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
    const args = [webpack, '--mode', 'production', '--output-path', out, '--env', 'vendorInfo=BuiltVendor', '--env', `config=${file}`];
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
    await expectConsistentProject(out, resolveNames({ vendorInfo: 'BuiltVendor', page: 'FromFilePage' }));

    let failure = '';
    try {
      execFileSync(process.execPath, [webpack, '--mode', 'production', '--output-path', out, '--env', 'page=bad-name'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      failure = `${String(e.stdout ?? '')}${String(e.stderr ?? '')}`;
    }
    expect(failure).toMatch(/page "bad-name" must be an API name/);
  }, 180_000);
});
