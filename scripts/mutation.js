#!/usr/bin/env node
// Runs StrykerJS (stryker.config.mjs) in one of three modes, then checks that every
// mutated file scores at least the break threshold (scripts/mutation-score.js).
//
//   node scripts/mutation.js full     every mutant (about an hour on 2 cores); rewrites
//                                     the committed incremental report from scratch
//   node scripts/mutation.js update   only mutants in changed code or whose tests changed;
//                                     refreshes the committed incremental report (commit it)
//   node scripts/mutation.js ci       like update, but against a copy of the committed
//                                     report (the work tree stays clean) and within a time
//                                     budget: MUTATION_BUDGET_MINUTES, default 30
//
// Further arguments go to `stryker run`, e.g. `--mutate src/status-sync/engine.ts` or
// `--concurrency 1` (on a machine shared with others).
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const committedReport = path.join(root, 'test', 'mutation', 'stryker-incremental.json');
const ciReport = path.join(root, 'reports', 'mutation', 'stryker-incremental.ci.json');
const DEFAULT_BUDGET_MINUTES = 30;

/** Stryker's arguments and the time budget (ms, or null) of a mode. */
function plan(mode, env) {
  switch (mode) {
    case 'full':
      return { args: ['--incremental', '--force'], budgetMs: null };
    case 'update':
      return { args: ['--incremental'], budgetMs: null };
    case 'ci': {
      const raw = env.MUTATION_BUDGET_MINUTES ?? String(DEFAULT_BUDGET_MINUTES);
      const minutes = Number(raw);
      if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`MUTATION_BUDGET_MINUTES must be a positive number, got ${JSON.stringify(raw)}`);
      return { args: ['--incremental', '--incrementalFile', path.relative(root, ciReport)], budgetMs: minutes * 60_000 };
    }
    default:
      throw new Error(`unknown mode ${JSON.stringify(mode)} (expected full, update or ci)`);
  }
}

/** Runs Stryker in its own process group, so that the budget can end it with all its workers. */
function runStryker(args, budgetMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [stryker, 'run', ...args], { cwd: root, stdio: 'inherit', detached: true });
    let overBudget = false;
    const timer = budgetMs === null ? null : setTimeout(() => {
      overBudget = true;
      console.error(`\nmutation: the incremental run passed its budget of ${budgetMs / 60_000} min; stopping Stryker`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }, 10_000).unref();
    }, budgetMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), overBudget, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

// Source files matching Stryker `mutate` patterns: a folder followed by "/**/*.ts", or an exact path.
function expandMutate(patterns) {
  const files = [];
  for (const pattern of patterns) {
    const deep = /^(.*)\/\*\*\/\*\.ts$/.exec(pattern);
    if (deep === null) {
      if (fs.existsSync(path.join(root, pattern))) files.push(pattern);
      continue;
    }
    const walk = (dir) => {
      if (!fs.existsSync(path.join(root, dir))) return;
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (entry.name.endsWith('.ts')) files.push(rel);
      }
    };
    walk(deep[1]);
  }
  return files.sort();
}

/**
 * CI checks the files that have a baseline in the committed report. A file in `MUTATE`
 * without one (new, or never measured) would cost a full run of its mutants: it is named
 * loudly and left to `npm run test:mutation:update`, which measures every file.
 */
async function ciScope() {
  const { MUTATE } = await import(path.join(root, 'stryker.config.mjs'));
  const measured = new Set(Object.keys(JSON.parse(fs.readFileSync(committedReport, 'utf8')).files ?? {}));
  const files = expandMutate(MUTATE);
  const inScope = files.filter((f) => measured.has(f));
  const missing = files.filter((f) => !measured.has(f));
  return { inScope, missing };
}

async function main(argv) {
  const [mode, ...extra] = argv;
  const { args, budgetMs } = plan(mode, process.env);
  if (mode === 'ci') {
    if (!fs.existsSync(committedReport)) {
      console.error(`mutation: no committed incremental report (${path.relative(root, committedReport)}); a full run does not fit CI. Run \`npm run test:mutation\` and commit the report.`);
      return 1;
    }
    const { inScope, missing } = await ciScope();
    if (missing.length > 0) {
      console.warn(`\nmutation: WARNING: no baseline in the committed report for ${missing.join(', ')}; not checked here.\n` +
        'Measure them with `npm run test:mutation:update` and commit test/mutation/stryker-incremental.json.\n');
    }
    if (inScope.length === 0) {
      console.error('mutation: the committed report has a baseline for none of the mutated files');
      return 1;
    }
    args.push('--mutate', inScope.join(','));
    fs.mkdirSync(path.dirname(ciReport), { recursive: true });
    fs.copyFileSync(committedReport, ciReport);
  }
  // A report left by an earlier run must not be checked if this one writes none.
  fs.rmSync(path.join(root, 'reports', 'mutation', 'mutation.json'), { force: true });
  const result = await runStryker([...args, ...extra], budgetMs);
  console.log(`\nmutation: stryker ${mode} run took ${result.seconds} s`);
  if (result.overBudget) {
    console.error(
      'mutation: too much changed since the committed incremental report was made. Refresh it with\n' +
        '`npm run test:mutation:update` and commit test/mutation/stryker-incremental.json (README "Mutation testing").',
    );
    return 1;
  }
  // The per-file check runs even when Stryker broke its threshold: its table says which file.
  const check = spawnSync(process.execPath, [path.join(__dirname, 'mutation-score.js')], { cwd: root, stdio: 'inherit' });
  if (result.code !== 0) return result.code;
  return check.status ?? 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`mutation: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}

module.exports = { plan, expandMutate };
