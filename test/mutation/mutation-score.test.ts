/**
 * The per-file gate of mutation testing (scripts/mutation-score.js) and the modes of
 * scripts/mutation.js: a weak file cannot hide behind strong ones, and CI's run has a
 * time budget.
 */

interface FileScore {
  file: string;
  detected: number;
  undetected: number;
  excluded: number;
  score: number | null;
}

// scripts/ is plain CommonJS run by node; its shape is declared here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fileScores, failures, formatTable } = require('../../scripts/mutation-score.js') as {
  fileScores(report: unknown): FileScore[];
  failures(scores: FileScore[], threshold: number): FileScore[];
  formatTable(scores: FileScore[], threshold: number): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { plan, expandMutate } = require('../../scripts/mutation.js') as {
  plan(mode: string, env: Record<string, string | undefined>): { args: string[]; budgetMs: number | null };
  expandMutate(patterns: string[]): string[];
};

function mutants(counts: Record<string, number>): { status: string }[] {
  return Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));
}

const report = {
  files: {
    'src/b.ts': { mutants: mutants({ Killed: 17, Timeout: 1, Survived: 1, NoCoverage: 1, CompileError: 3, Ignored: 2 }) },
    'src/a.ts': { mutants: mutants({ Killed: 9, Survived: 1 }) },
    'src/types.ts': { mutants: mutants({ Ignored: 1 }) },
  },
};

describe('mutation scores per file', () => {
  it("score each file as Stryker does: (killed + timeout) / (those + survived + no coverage), by file name", () => {
    expect(fileScores(report)).toEqual([
      { file: 'src/a.ts', detected: 9, undetected: 1, excluded: 0, score: 90 },
      { file: 'src/b.ts', detected: 18, undetected: 2, excluded: 5, score: 90 },
      { file: 'src/types.ts', detected: 0, undetected: 0, excluded: 1, score: null },
    ]);
  });

  it('fail a file below the threshold even when the total is above it', () => {
    const uneven = { files: { 'src/strong.ts': { mutants: mutants({ Killed: 99 }) }, 'src/weak.ts': { mutants: mutants({ Killed: 8, Survived: 2 }) } } };
    const scores = fileScores(uneven);
    expect(failures(scores, 90).map((s) => s.file)).toEqual(['src/weak.ts']);
    expect(formatTable(scores, 90)).toMatch(/src\/weak\.ts\s+80\.00\s+8\s+2\s+0\s+BELOW 90/);
    expect(formatTable(scores, 90)).toMatch(/all files\s+98\.17/);
  });

  it('a file at the threshold, or without valid mutants, passes', () => {
    expect(failures(fileScores(report), 90)).toEqual([]);
    expect(failures(fileScores(report), 90.01).map((s) => s.file)).toEqual(['src/a.ts', 'src/b.ts']);
  });

  it('refuse what is not a Stryker report', () => {
    expect(() => fileScores({})).toThrow('not a Stryker JSON report');
    expect(() => fileScores(null)).toThrow('not a Stryker JSON report');
  });
});

describe('mutation run modes', () => {
  it('full re-runs every mutant and rewrites the incremental report; update reuses it', () => {
    expect(plan('full', {})).toEqual({ args: ['--incremental', '--force'], budgetMs: null });
    expect(plan('update', {})).toEqual({ args: ['--incremental'], budgetMs: null });
  });

  it('ci works on a copy of the committed report, within MUTATION_BUDGET_MINUTES (default 30)', () => {
    expect(plan('ci', {})).toEqual({ args: ['--incremental', '--incrementalFile', 'reports/mutation/stryker-incremental.ci.json'], budgetMs: 30 * 60_000 });
    expect(plan('ci', { MUTATION_BUDGET_MINUTES: '12' }).budgetMs).toBe(12 * 60_000);
    expect(() => plan('ci', { MUTATION_BUDGET_MINUTES: 'soon' })).toThrow('MUTATION_BUDGET_MINUTES must be a positive number, got "soon"');
    expect(() => plan('quick', {})).toThrow('unknown mode "quick"');
  });
});

describe('the files CI can check', () => {
  it('expands "folder/**/*.ts" and exact paths to the existing files, sorted', () => {
    const files = expandMutate(['src/status-sync/**/*.ts', 'src/connector/status-sync-bridge.ts', 'src/not-there.ts']);
    expect(files).toContain('src/status-sync/engine.ts');
    expect(files).toContain('src/connector/status-sync-bridge.ts');
    expect(files).not.toContain('src/not-there.ts');
    expect(files).toEqual([...files].sort());
    expect(files.every((f) => f.endsWith('.ts'))).toBe(true);
  });
});
