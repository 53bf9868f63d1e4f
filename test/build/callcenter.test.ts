/**
 * dist/callcenter.xml, the contact center import file (CONTRACT §1): Salesforce's
 * partner-telephony shape (reqGeneralInfo, reqHvcc "SCV Settings") with our vendor
 * sections, and a default status map that keeps both sides in step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTNER_STATUSES } from '../../src/vocabulary/partner-status';
import { MappingTable } from '../../src/status-sync/mapping-table';
import { parsePresenceStatuses } from '../../src/status-sync/presence';
import { parseStatusMap } from '../../src/status-sync/status-map';
import { SHIPPED_STATUS_MAP } from '../support/status-fixtures';
import { DIST, ensureFreshBuild } from './dist';

const README_CONFIG = path.join(__dirname, '..', 'fixtures', 'readme', 'call-center-config.json');

let doc: Document;
beforeAll(() => {
  ensureFreshBuild();
  doc = new DOMParser().parseFromString(fs.readFileSync(path.join(DIST, 'callcenter.xml'), 'utf8'), 'text/xml');
}, 180_000);

const section = (name: string): Element | null => doc.querySelector(`callCenter > section[name="${name}"]`);
const item = (sectionName: string, name: string): string | undefined =>
  doc.querySelector(`callCenter > section[name="${sectionName}"] > item[name="${name}"]`)?.textContent ?? undefined;
const itemNames = (sectionName: string): string[] => [...(section(sectionName)?.children ?? [])].map((el) => el.getAttribute('name') ?? '');

describe('dist/callcenter.xml', () => {
  it('is well-formed XML: callCenter > section > item, each with a unique sortOrder, a name and a label', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.tagName).toBe('callCenter');
    const sections = [...doc.documentElement.children];
    for (const el of sections) expect(el.tagName).toBe('section');
    expect(sections.map((el) => el.getAttribute('sortOrder'))).toEqual(sections.map((_, i) => String(i)));
    for (const sectionEl of sections) {
      const items = [...sectionEl.children];
      for (const el of [sectionEl, ...items]) {
        expect(el.getAttribute('name')).toMatch(/^\w+$/);
        expect(el.getAttribute('label')).toBeTruthy();
      }
      items.forEach((el) => expect(el.tagName).toBe('item'));
      expect(items.map((el) => el.getAttribute('sortOrder'))).toEqual(items.map((_, i) => String(i)));
    }
  });

  it('has the partner-telephony sections in order: reqGeneralInfo, reqHvcc ("SCV Settings"), then statusSync and partner', () => {
    expect([...doc.documentElement.children].map((el) => el.getAttribute('name'))).toEqual(['reqGeneralInfo', 'reqHvcc', 'statusSync', 'partner']);
    expect(section('reqHvcc')?.getAttribute('label')).toBe('SCV Settings');
    expect(itemNames('reqGeneralInfo')).toEqual(['reqInternalName', 'reqDisplayName', 'reqVendorInfoApiName']);
    expect(itemNames('reqHvcc')).toEqual(['reqTelephonyIntegrationCertificate', 'reqLongDistPrefix']);
    expect(item('reqGeneralInfo', 'reqInternalName')).toMatch(/^[A-Za-z][A-Za-z0-9]{0,39}$/);
    expect(item('reqGeneralInfo', 'reqDisplayName')?.trim()).toBeTruthy();
    expect(item('reqGeneralInfo', 'reqVendorInfoApiName')).toMatch(/^[A-Za-z]\w*$/);
    expect(item('reqHvcc', 'reqLongDistPrefix')).toBe('+1');
  });

  it('has no Open CTI items and no placeholder left', () => {
    const xml = fs.readFileSync(path.join(DIST, 'callcenter.xml'), 'utf8');
    for (const openCti of ['reqAdapterUrl', 'reqProgId', 'reqUseApi', 'reqSoftphoneHeight', 'reqSoftphoneWidth', 'reqSalesforceCompatibilityMode']) {
      expect(xml).not.toContain(openCti);
    }
    expect(xml).not.toMatch(/PLACEHOLDER|\{\{/);
  });

  it('has the vendor sections with their defaults: statusSync (statusMap, onCallPolicy ignore) and partner (mode embedded, url)', () => {
    expect(itemNames('statusSync')).toEqual(['statusMap', 'onCallPolicy']);
    expect(item('statusSync', 'onCallPolicy')).toBe('ignore');
    expect(itemNames('partner')).toEqual(['mode', 'url']);
    expect(item('partner', 'mode')).toBe('embedded');
    expect(item('partner', 'url')).toBe('');
  });

  it('default statusMap: every entry valid, and against the README statuses every partner code has a way back to Salesforce', () => {
    const statusMap = item('statusSync', 'statusMap');
    expect(statusMap).toBe(SHIPPED_STATUS_MAP); // the connector tests run with this map too
    const parsed = parseStatusMap(statusMap);
    expect(parsed.issues).toEqual([]);
    const readme = JSON.parse(fs.readFileSync(README_CONFIG, 'utf8')) as Record<string, string>;
    const { statuses } = parsePresenceStatuses(readme.userPresenceStatuses);
    const { table, issues } = MappingTable.build(statuses, parsed.entries);
    expect(issues).toEqual([]);
    // A partner code without a way back leaves Omni as it was (e.g. Available while the
    // partner no longer routes): the shipped default has none.
    expect(PARTNER_STATUSES.filter((code) => table.toSalesforce(code) === undefined)).toEqual([]);
  });
});
