/**
 * The build output (`npm run build`, CONTRACT §1): one self-contained script, an adapter
 * page with nothing inline, the Call Center definition and the static-resource zip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTNER_STATUSES } from '../../src/partner/partner-status';
import { DIST, ensureFreshBuild } from './dist';
import { readZip } from './unzip';

const read = (name: string): string => fs.readFileSync(path.join(DIST, name), 'utf8');

beforeAll(() => {
  ensureFreshBuild();
}, 180_000);

describe('dist/ after npm run build', () => {
  it('holds the bundle, its source map, the adapter page, the Call Center definition and the zip — and no other script', () => {
    const files = fs.readdirSync(DIST).sort();
    expect(files).toEqual(['callcenter.xml', 'connector.js', 'connector.js.map', 'connector.zip', 'index.html']);
  });
});

describe('dist/connector.js', () => {
  let bundle: string;
  beforeAll(() => {
    bundle = read('connector.js');
  });

  it('is a real bundle, not the placeholder, and includes the base library compiled from its ES source', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    const map = JSON.parse(read('connector.js.map')) as { sources: string[] };
    expect(map.sources.some((s) => s.includes('scv-connector-base/src/main/baseConnector.js'))).toBe(true);
    expect(map.sources.some((s) => s.includes('scv-connector-base/dist/'))).toBe(false);
    expect(bundle).not.toContain('regeneratorRuntime');
  });

  it('never evaluates code at run time: no eval(, no new Function(, no Function( call', () => {
    expect(bundle).not.toMatch(/(^|[^\w$])eval\s*\(/);
    expect(bundle).not.toMatch(/\bnew\s+Function\s*\(/);
    expect(bundle).not.toMatch(/(^|[^\w$])Function\s*\(/);
  });

  it('loads no further code: no chunk loading, no importScripts, no script elements', () => {
    for (const sign of ['__webpack_require__.e', 'importScripts', 'webpackChunk', 'ChunkLoadError', 'Loading chunk']) {
      expect(bundle).not.toContain(sign);
    }
    expect(bundle).not.toMatch(/createElement\(\s*["'`]script["'`]\s*\)/);
  });

  it('points at no source map (the map stays beside it in dist/ for debugging; the zip holds none)', () => {
    expect(bundle).not.toMatch(/sourceMappingURL=/);
  });
});

describe('dist/index.html, the adapter page', () => {
  let html: string;
  beforeAll(() => {
    html = read('index.html');
  });

  it('loads connector.js by relative path and nothing else', () => {
    const references = [...html.matchAll(/\b(?:src|href|srcset|data)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]);
    expect(references).toEqual(['connector.js']);
    expect(html).not.toMatch(/<(link|iframe|img|object|embed|base)\b/i);
  });

  it('has no inline script, no inline style, no event-handler attributes', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/\bsrc\s*=\s*["']connector\.js["']/);
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });
});

describe('dist/callcenter.xml, the Call Center definition', () => {
  let doc: Document;
  beforeAll(() => {
    doc = new DOMParser().parseFromString(read('callcenter.xml'), 'text/xml');
  });

  const item = (section: string, name: string): Element | null =>
    doc.querySelector(`callCenter > section[name="${section}"] > item[name="${name}"]`);

  it('is well-formed XML with callCenter > section > item, each with sortOrder, name and label', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.tagName).toBe('callCenter');
    const sections = [...doc.documentElement.children];
    expect(sections.length).toBeGreaterThanOrEqual(2);
    for (const section of sections) {
      expect(section.tagName).toBe('section');
      const items = [...section.children];
      for (const el of [section, ...items]) {
        expect(el.getAttribute('name')).toMatch(/^\w+$/);
        expect(el.getAttribute('label')).toBeTruthy();
        expect(el.getAttribute('sortOrder')).toMatch(/^\d+$/);
      }
      items.forEach((el) => expect(el.tagName).toBe('item'));
      const orders = items.map((el) => el.getAttribute('sortOrder'));
      expect(new Set(orders).size).toBe(orders.length);
    }
  });

  it('has the required general information with an adapter-URL placeholder', () => {
    for (const name of ['reqInternalName', 'reqDisplayName', 'reqAdapterUrl', 'reqVendorInfoApiName']) {
      expect(item('reqGeneralInfo', name)?.textContent?.trim()).toBeTruthy();
    }
    expect(item('reqGeneralInfo', 'reqInternalName')?.textContent).toMatch(/^[A-Za-z][A-Za-z0-9]{0,39}$/);
    expect(item('reqGeneralInfo', 'reqAdapterUrl')?.textContent).toBe('ADAPTER_URL_PLACEHOLDER');
  });

  it('has the statusSync section with a statusMap of valid entries and onCallPolicy "ignore" by default', () => {
    const statusMap = item('statusSync', 'statusMap')?.textContent ?? '';
    const entries = statusMap.split(/[;\n]/).map((e) => e.trim()).filter((e) => e !== '');
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const m = /^([^=<>]+?)\s*[=<>]\s*([A-Z_]+)$/.exec(entry);
      expect(m).not.toBeNull();
      expect(PARTNER_STATUSES).toContain(m![2]);
    }
    expect(item('statusSync', 'onCallPolicy')?.textContent).toBe('ignore');
  });
});

describe('dist/connector.zip, the static resource', () => {
  it('holds exactly index.html and connector.js, identical to dist/', () => {
    const entries = readZip(fs.readFileSync(path.join(DIST, 'connector.zip')));
    expect(entries.map((e) => e.name).sort()).toEqual(['connector.js', 'index.html']);
    for (const e of entries) expect(e.data.equals(fs.readFileSync(path.join(DIST, e.name)))).toBe(true);
  });
});
