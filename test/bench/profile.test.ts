/**
 * @jest-environment node
 */
// The profile mode's analysis (bench/profile.ts) on hand-made DevTools profiles.
import { busyUs, formatProfile, moduleLines, summarizeProfile, type CpuProfile } from '../../bench/profile';

const BUNDLE = ['(() => {', ';// ./src/a.ts', 'function a() {}', ';// ./node_modules/@salesforce/scv-connector-base/src/main/logger.js', 'function log() {}'].join('\n');

function frame(functionName: string, url: string, lineNumber: number): CpuProfile['nodes'][number]['callFrame'] {
  return { functionName, url, lineNumber, columnNumber: 0 };
}

// root → a (line 2) → log (line 4) → postMessage (native); root → (idle)
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1), children: [2, 5] },
    { id: 2, callFrame: frame('a', 'https://x/bench/adapter.js', 2), children: [3] },
    { id: 3, callFrame: frame('log', 'https://x/bench/adapter.js', 4), children: [4] },
    { id: 4, callFrame: frame('postMessage', '', -1) },
    { id: 5, callFrame: frame('(idle)', '', -1) },
  ],
  startTime: 1000,
  endTime: 1100,
  // Samples at 1000, 1010, 1030, 1060 (each lasts until the next; the last until endTime).
  samples: [2, 4, 3, 5],
  timeDeltas: [0, 10, 20, 30],
};

describe('profile analysis', () => {
  it('maps bundle lines to the module webpack wrote before them', () => {
    const moduleOf = moduleLines(BUNDLE);
    expect(moduleOf(0)).toBe('(bundle runtime)');
    expect(moduleOf(2)).toBe('src/a.ts');
    expect(moduleOf(4)).toBe('node_modules/@salesforce/scv-connector-base/src/main/logger.js');
  });

  it('attributes self time per sample interval, and inclusive time once per function on the stack', () => {
    const s = summarizeProfile(PROFILE, moduleLines(BUNDLE), '/bench/adapter.js');
    const fn = (name: string) => s.functions.find((f) => f.name.startsWith(name));
    expect(fn('a:3')).toMatchObject({ module: 'src/a.ts', selfUs: 10, totalUs: 60 });
    expect(fn('log:5')).toMatchObject({ module: '@salesforce/scv-connector-base/logger.js', selfUs: 30, totalUs: 50 });
    expect(fn('postMessage')).toMatchObject({ module: '(native)', selfUs: 20, totalUs: 20 });
    expect(fn('(idle)')).toMatchObject({ selfUs: 40 });
    expect(s.wallUs).toBe(100);
    expect(busyUs(s)).toBe(60);
  });

  it('reports ours against the floor per round trip', () => {
    const s = summarizeProfile(PROFILE, moduleLines(BUNDLE), '/bench/adapter.js');
    const empty = summarizeProfile({ ...PROFILE, samples: [5], timeDeltas: [0] }, moduleLines(BUNDLE), '/bench/adapter.js');
    const text = formatProfile('t', s, empty, 2);
    expect(text).toMatch(/ours 30\.0, floor 0\.0/);
    expect(text).toMatch(/15\.0 {2}@salesforce\/scv-connector-base\/logger\.js/);
    expect(text).toMatch(/30\.0 {2}a:3 {2}\[src\/a\.ts\]/);
  });
});
