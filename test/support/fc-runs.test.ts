/**
 * The run-count knob of the property and fuzz tests: mutation runs lower every count with
 * one variable, and no setting can give fast-check a count it never finishes.
 */
import { fcOptions, fcRuns, fcSeed } from './fc-runs';

describe('fcRuns', () => {
  it('is the default count when nothing is set', () => {
    expect(fcRuns(1500, 'FC_RUNS', {})).toBe(1500);
  });

  it('scales every default by FC_RUNS_SCALE into a whole count of at least 1', () => {
    expect(fcRuns(3000, undefined, { FC_RUNS_SCALE: '0.1' })).toBe(300);
    expect(fcRuns(1000, undefined, { FC_RUNS_SCALE: '0.333' })).toBe(333);
    expect(fcRuns(3, undefined, { FC_RUNS_SCALE: '0.01' })).toBe(1);
    expect(fcRuns(10, undefined, { FC_RUNS_SCALE: '2' })).toBe(20);
  });

  it('lets FC_RUNS / FUZZ_RUNS set a count outright, over the scale', () => {
    expect(fcRuns(1500, 'FC_RUNS', { FC_RUNS: '7', FC_RUNS_SCALE: '0.1' })).toBe(7);
    expect(fcRuns(3000, 'FUZZ_RUNS', { FUZZ_RUNS: '100' })).toBe(100);
    // Each override belongs to its own test.
    expect(fcRuns(3000, 'FUZZ_RUNS', { FC_RUNS: '7' })).toBe(3000);
  });

  it('treats a blank variable as unset', () => {
    expect(fcRuns(50, 'FC_RUNS', { FC_RUNS: ' ', FC_RUNS_SCALE: '' })).toBe(50);
  });

  it('refuses values that are not positive numbers, naming the variable', () => {
    expect(() => fcRuns(10, 'FUZZ_RUNS', { FUZZ_RUNS: '100.5' })).toThrow('FUZZ_RUNS must be a positive whole number, got "100.5"');
    expect(() => fcRuns(10, 'FC_RUNS', { FC_RUNS: '0' })).toThrow('FC_RUNS must be a positive whole number');
    expect(() => fcRuns(10, undefined, { FC_RUNS_SCALE: 'fast' })).toThrow('FC_RUNS_SCALE must be a positive number, got "fast"');
    expect(() => fcRuns(10, undefined, { FC_RUNS_SCALE: '-1' })).toThrow('FC_RUNS_SCALE must be a positive number');
    expect(() => fcRuns(10, undefined, { FC_RUNS_SCALE: 'Infinity' })).toThrow('FC_RUNS_SCALE');
  });
});

describe('fcSeed and fcOptions', () => {
  it('pass FC_SEED on as an integer seed, or nothing', () => {
    expect(fcSeed({})).toEqual({});
    expect(fcSeed({ FC_SEED: '-1234' })).toEqual({ seed: -1234 });
    expect(() => fcSeed({ FC_SEED: 'abc' })).toThrow('FC_SEED must be an integer');
    expect(fcOptions(300, undefined, { FC_RUNS_SCALE: '0.5', FC_SEED: '42' })).toEqual({ numRuns: 150, seed: 42 });
  });
});
