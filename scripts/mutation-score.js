#!/usr/bin/env node
// Per-file mutation scores from Stryker's JSON report, and the check that every mutated
// file reaches the break threshold. Stryker's own `thresholds.break` only looks at the
// total, so one weak file could hide behind strong ones; this closes that gap.
//
//   node scripts/mutation-score.js [report.json] [threshold]
//
// Defaults: reports/mutation/mutation.json and BREAK_THRESHOLD of stryker.config.mjs.
// Exit code 1 when a file is below the threshold, or the report is missing or empty.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Statuses that count as detected / undetected (Stryker's own mutation score). */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * Scores of each file of a mutation-testing-report-schema report.
 *
 * @returns `[{ file, detected, undetected, excluded, score }]`, by file name; `score` is
 * a percentage, or `null` for a file without any valid mutant.
 */
function fileScores(report) {
  if (report === null || typeof report !== 'object' || report.files === null || typeof report.files !== 'object') {
    throw new Error('not a Stryker JSON report (no "files")');
  }
  return Object.keys(report.files).sort().map((file) => {
    const mutants = Array.isArray(report.files[file].mutants) ? report.files[file].mutants : [];
    let detected = 0;
    let undetected = 0;
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) detected++;
      else if (UNDETECTED.has(mutant.status)) undetected++;
    }
    const valid = detected + undetected;
    return { file, detected, undetected, excluded: mutants.length - valid, score: valid === 0 ? null : (100 * detected) / valid };
  });
}

/** The files scoring below `threshold` (files without valid mutants never fail). */
function failures(scores, threshold) {
  return scores.filter((s) => s.score !== null && s.score < threshold);
}

/** A plain-text table of the scores, for the CI log. */
function formatTable(scores, threshold) {
  const width = Math.max(4, ...scores.map((s) => s.file.length));
  const lines = [`${'file'.padEnd(width)}  score   killed  survived  (not counted)`];
  for (const s of scores) {
    const score = s.score === null ? '   n/a' : `${s.score.toFixed(2).padStart(6)}`;
    const flag = s.score !== null && s.score < threshold ? `  BELOW ${threshold}` : '';
    lines.push(`${s.file.padEnd(width)}  ${score}  ${String(s.detected).padStart(6)}  ${String(s.undetected).padStart(8)}  ${String(s.excluded).padStart(13)}${flag}`);
  }
  const detected = scores.reduce((n, s) => n + s.detected, 0);
  const valid = detected + scores.reduce((n, s) => n + s.undetected, 0);
  lines.push(`${'all files'.padEnd(width)}  ${valid === 0 ? '   n/a' : ((100 * detected) / valid).toFixed(2).padStart(6)}`);
  return lines.join('\n');
}

async function defaultThreshold() {
  const config = await import(path.join(__dirname, '..', 'stryker.config.mjs'));
  return config.BREAK_THRESHOLD;
}

async function main(argv) {
  const file = argv[0] ?? path.join(__dirname, '..', 'reports', 'mutation', 'mutation.json');
  const threshold = argv[1] === undefined ? await defaultThreshold() : Number(argv[1]);
  if (!Number.isFinite(threshold)) throw new Error(`threshold must be a number, got ${JSON.stringify(argv[1])}`);
  if (!fs.existsSync(file)) throw new Error(`no mutation report at ${file} (run Stryker first)`);
  const scores = fileScores(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (scores.length === 0) throw new Error(`${file} lists no mutated file`);
  console.log(`\nMutation score per file (break threshold ${threshold} % on each):\n${formatTable(scores, threshold)}`);
  const below = failures(scores, threshold);
  if (below.length > 0) {
    console.error(`\nmutation score below ${threshold} % in: ${below.map((s) => s.file).join(', ')}`);
    return 1;
  }
  return 0;
}

module.exports = { fileScores, failures, formatTable };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`mutation-score: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
