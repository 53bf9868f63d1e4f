/**
 * @jest-environment node
 */
// scripts/private-names.js, the build's rename of TS `private` members that lets Terser shorten
// them: it must rename exactly the private ones (everything else is protocol or API) and
// refuse the accesses a rename would break silently.
import ts from 'typescript';

// scripts/ is plain CommonJS run by webpack; its shape is declared here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { privateNamesTransformer, PRIVATE_PATTERN } = require('../../scripts/private-names.js') as {
  privateNamesTransformer: (program: ts.Program) => ts.TransformerFactory<ts.SourceFile>;
  PRIVATE_PATTERN: RegExp;
};

function emit(source: string): string {
  const fileName = '/virtual/input.ts';
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, strict: true, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === fileName ? ts.createSourceFile(name, source, ts.ScriptTarget.ES2020, true) : original(name, version);
  let out = '';
  host.writeFile = (_name, text) => {
    out = text;
  };
  const program = ts.createProgram([fileName], options, host);
  program.emit(undefined, undefined, undefined, false, { before: [privateNamesTransformer(program)] });
  return out;
}

describe('private-names transformer', () => {
  it('renames private fields, methods and parameter properties everywhere they are used, and nothing public', () => {
    const out = emit(`
      export class Counter {
        private count = 0;
        constructor(private readonly step: number, public label: string, private readonly box: { n: number }) {
          this.count = step + box.n;
        }
        private bump(): void { this.count += this.step + this.box.n; }
        public tick(other: Counter): number { this.bump(); return this.count + other.count; }
      }
      const plain = { count: 1, step: 2 };
      export const read = plain.count + plain.step;
    `);
    expect(out).toContain('this.__private_count = 0');
    expect(out).toContain('this.__private_step = __private_step');
    expect(out).toContain('this.__private_count = __private_step + __private_box.n');
    expect(out).toContain('this.__private_step + this.__private_box.n');
    expect(out).toContain('__private_bump()');
    expect(out).toContain('other.__private_count');
    expect(out).toContain('this.label = label');
    expect(out).toContain('tick(other)');
    expect(out).toContain('{ count: 1, step: 2 }');
    expect(out).toContain('plain.count + plain.step');
    expect(PRIVATE_PATTERN.test('__private_count')).toBe(true);
    expect(PRIVATE_PATTERN.test('count')).toBe(false);
  });

  it('fails the build on a string index or a destructuring of a private member', () => {
    expect(() => emit(`class A { private x = 1; y(): number { return this['x']; } }`)).toThrow(/string index/);
    expect(() => emit(`class A { private x = 1; y(): number { const { x } = this; return x; } }`)).toThrow(/destructuring/);
  });
});
