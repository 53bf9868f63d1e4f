/**
 * @jest-environment node
 */
// The bench's arithmetic and the README table it generates (bench/report.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { latency, percentile, readmeSection, README_END, README_START, replaceSection, spread, summarizeLatency, table, type Latency, type Results } from '../../bench/report';

const ROOT = path.resolve(__dirname, '..', '..');

function run(ratioP50: number, floor = 0.5): Latency {
  return { p50Ms: ratioP50 * floor, p99Ms: 2, floorP50Ms: floor, floorP99Ms: 1.5, ratioP50, ratioP99: 2 / 1.5, samples: 1000 };
}

function results(): Results {
  return {
    machine: { chromium: '156.0', cpus: 2, loadStart: 3.5, loadEnd: 4.25, date: '2026-12-01 01:00 UTC' },
    bundle: { gzBytes: 26000, rawBytes: 90000, baseGzBytes: 17000, ratio: 26000 / 17000, budget: 1.6 },
    partnerToOmni: summarizeLatency([run(1.9), run(1.1), run(2.1), run(1.5), run(1.2)]),
    omniToPartner: summarizeLatency([run(1.3), run(1.4), run(1.35), run(1.25), run(1.6)]),
    core: { decisionsPerSec: spread([2e6, 1.5e6, 2.5e6]), heapGrowthBytes: spread([-100, 50, 20]), events: 1_000_000 },
    coldStart: { ms: 41.3, baseMs: 39, ratio: 41.3 / 39, loads: 15 },
    idle: { wakeupsPerMinute: 0, seconds: 10 },
  };
}

describe('bench arithmetic', () => {
  it('percentile is the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  it('spread gives the median (middle two averaged) and the extremes', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(spread([]).runs).toBe(0);
  });

  it('a run compares percentiles of its own two sample sets', () => {
    const l = latency([1, 1, 1, 2], [0.5, 0.5, 0.5, 0.5]);
    expect(l.ratioP50).toBe(2);
    expect(l.ratioP99).toBe(4);
    expect(l.samples).toBe(4);
  });

  it('the summary takes the median ratio of the runs, not the ratio of medians', () => {
    const s = summarizeLatency([run(1.9), run(1.1, 0.4), run(2.1, 0.6)]);
    expect(s.ratioP50).toEqual({ median: 1.9, min: 1.1, max: 2.1, runs: 3 });
    expect(s.floorP50Ms.min).toBe(0.4);
    expect(s.runs).toHaveLength(3);
  });
});

describe('the generated table', () => {
  it('has one well-formed row per figure, five cells each (no stray cells)', () => {
    const lines = table(results()).split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatch(/^\| .* \|$/);
      expect(line.startsWith('| |')).toBe(false);
      expect(line.split(' | ')).toHaveLength(5);
    }
  });

  it('shows the median of the runs with their min – max and judges the median against the budget', () => {
    const text = table(results());
    expect(text).toMatch(/\*\*partner → Omni ratio p50\*\* +\| \*\*1\.500\*\* +\| 1\.100 – 2\.100 +\| ≤ 1\.2 +\| MISS/);
    expect(text).toMatch(/median of 5 runs/);
    expect(text).toMatch(/bundle ratio +\| 1\.529 +\| exact +\| ≤ 1\.6 +\| PASS/);
  });

  it('the README section names the conditions, including the load, between its markers', () => {
    const section = readmeSection(results());
    expect(section.startsWith(README_START)).toBe(true);
    expect(section.endsWith(README_END)).toBe(true);
    expect(section).toMatch(/load average 3\.50 at the start, 4\.25 at the end/);
  });
});

describe('README section replacement', () => {
  it('replaces only what lies between the markers', () => {
    const readme = `a\n${README_START}\nold\n${README_END}\nb\n`;
    expect(replaceSection(readme, `${README_START}\nnew\n${README_END}`)).toBe(`a\n${README_START}\nnew\n${README_END}\nb\n`);
  });

  it('refuses a README without exactly one pair of markers in order', () => {
    const s = `${README_START}\nx\n${README_END}`;
    expect(() => replaceSection('no markers', s)).toThrow(/needs exactly one/);
    expect(() => replaceSection(`${README_END}\n${README_START}`, s)).toThrow(/needs exactly one/);
    expect(() => replaceSection(`${README_START}${README_START}${README_END}`, s)).toThrow(/needs exactly one/);
  });

  it("the repository's README carries the markers, and its table there is well formed", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(() => replaceSection(readme, `${README_START}\n${README_END}`)).not.toThrow();
    const inside = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END));
    for (const line of inside.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.startsWith('| |')).toBe(false);
      expect(line.split(' | ')).toHaveLength(5);
    }
  });
});
