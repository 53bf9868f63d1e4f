/**
 * The build output (`npm run build`, CONTRACT §1): one self-contained script and an
 * adapter page with nothing inline. The contact center file and the Salesforce DX project
 * have their own tests (salesforce-package.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIST, ensureFreshBuild } from './dist';

const read = (name: string): string => fs.readFileSync(path.join(DIST, name), 'utf8');

beforeAll(() => {
  ensureFreshBuild();
}, 180_000);

describe('dist/ after npm run build', () => {
  it('holds the bundle, its source map, the adapter page, the contact center file and the Salesforce project — and no other script', () => {
    const files = fs.readdirSync(DIST).sort();
    expect(files).toEqual(['callcenter.xml', 'connector.js', 'connector.js.map', 'index.html', 'salesforce']);
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

  it('points at no source map (the map stays beside it in dist/ for debugging; the static resource holds none)', () => {
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
