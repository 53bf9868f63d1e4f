/**
 * The layering of src/ (eslint.layers.cjs): lint really applies it, an import that breaks
 * a rule fails, the ones the design needs pass, and src/ has no folder cycle.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the layer table is the CommonJS file eslint.config.mjs reads */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

interface Layer {
  readonly name: string;
  readonly files: readonly string[];
  readonly forbid: readonly { regex: string; message: string }[];
}

const root = path.resolve(__dirname, '..', '..');
const layers = require('../../eslint.layers.cjs') as readonly Layer[];

function layerNamed(name: string): Layer {
  const layer = layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name}`);
  return layer;
}

/** The errors `no-restricted-imports` reports for `source` imported from a file of `layer`. */
function importErrors(layer: Layer, source: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      rules: { 'no-restricted-imports': ['error', { patterns: layer.forbid.map(({ regex, message }) => ({ regex, message })) }] },
    },
  ];
  return linter.verify(`import { x } from '${source}';\nexport const y = x;\n`, config, { filename: 'probe.ts' }).map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    // [layer, file the layer covers (lint must give it exactly this layer's rule)]
    ['vocabulary', 'src/vocabulary/call-state.ts'],
    ['status-sync', 'src/status-sync/engine.ts'],
    ['platform', 'src/platform/storage.ts'],
    ['salesforce', 'src/salesforce/scv.ts'],
    ['partner', 'src/partner/simulator/simulated-partner.ts'],
    ['partner seam', 'src/partner/partner-telephony.ts'],
    ['partner core', 'src/partner/core/agent.ts'],
    ['partner wire', 'src/partner/wire/messages.ts'],
    ['connector', 'src/connector/connector.ts'],
    ['page', 'src/page/login-form.ts'],
    ['composition', 'src/composition/bootstrap.ts'],
  ])('lint gives %s files (%s) that layer’s import rule', (name, file) => {
    const printed = execFileSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--print-config', file], { cwd: root, encoding: 'utf8' });
    const rule = (JSON.parse(printed) as { rules: Record<string, unknown> }).rules['no-restricted-imports'];
    const expected = layerNamed(name).forbid.map(({ regex, message }) => ({ regex, message }));
    expect(rule).toEqual([2, { patterns: expected }]);
  });

  it.each([
    ['vocabulary', '../platform/clock'],
    ['vocabulary', '../partner/partner-telephony'],
    ['status-sync', '../partner/partner-telephony'],
    ['status-sync', '../platform/guards'],
    ['status-sync', '../salesforce/scv'],
    ['status-sync', '../composition/control-channel'],
    ['status-sync', '@salesforce/scv-connector-base'],
    ['partner', '../../status-sync/types'],
    ['partner', '../../connector/connector'],
    ['partner', '../../composition/control-channel'],
    ['partner', '../../index'],
    ['partner seam', './simulator/simulated-partner'],
    ['partner seam', '../platform/clock'],
    ['partner core', '../simulator/simulated-partner'],
    ['partner core', '../../platform/storage'],
    ['partner core', '../../salesforce/scv'],
    ['partner wire', '../simulator/simulated-partner'],
    ['partner wire', '../remote/remote-partner'],
    ['partner wire', '../../platform/clock'],
    ['partner wire', '../../salesforce/scv'],
    ['connector', '../partner/simulator/simulated-partner'],
    ['connector', '../partner/core/agent'],
    ['connector', '../composition/bootstrap'],
    ['page', '../connector/login-flow'],
    ['page', '../salesforce/scv'],
    ['composition', '@salesforce/scv-connector-base'],
  ])('%s may not import %s', (name, source) => {
    expect(importErrors(layerNamed(name), source)).toEqual([expect.stringContaining(`'${source}' import is restricted`)]);
  });

  it.each([
    ['vocabulary', './partner-status'],
    ['status-sync', '../vocabulary/guards'],
    ['status-sync', './types'],
    ['partner seam', '../vocabulary/call-state'],
    ['partner core', '../partner-telephony'],
    ['partner core', '../../vocabulary/partner-status'],
    ['partner core', './call-legs'],
    ['partner', '../core/agent'],
    ['partner', '../wire/messages'],
    ['partner wire', '../core/agent'],
    ['partner wire', '../partner-telephony'],
    ['partner wire', '../../vocabulary/guards'],
    ['partner', '../../platform/clock'],
    ['partner', '../../salesforce/scv'],
    ['connector', '../partner/partner-telephony'],
    ['connector', '../status-sync/engine'],
    ['page', '../partner/partner-telephony'],
    ['composition', '../partner/simulator/simulated-partner'],
  ])('%s may import %s', (name, source) => {
    expect(importErrors(layerNamed(name), source)).toEqual([]);
  });
});

/** The folder of a src/ file, as the layers name them (partner-telephony.ts is its own node). */
function folderOf(file: string): string {
  const rel = path.relative(path.join(root, 'src'), file).split(path.sep);
  if (rel[0] === 'partner') return rel.length > 2 ? `partner/${rel[1]}` : rel[1] === 'partner-telephony.ts' ? 'partner-telephony' : 'partner';
  return rel.length > 1 ? rel[0]! : 'composition';
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('src/ folder graph', () => {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const from = folderOf(file);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(path.resolve(path.dirname(file), `${match[1]!}.ts`));
      if (to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
  }

  it('has edges (the scan reads the imports)', () => {
    expect(edges.get('connector')).toContain('partner-telephony');
    expect(edges.get('status-sync')).toEqual(new Set(['vocabulary']));
  });

  it('has no cycle between folders', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: readonly string[]): void => {
      if (trail.includes(node)) {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('vocabulary imports nothing else from src/', () => {
    expect(edges.get('vocabulary')).toBeUndefined();
  });
});
