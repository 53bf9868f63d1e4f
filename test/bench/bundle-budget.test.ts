/**
 * @jest-environment node
 */
// The one benchmark budget CI enforces (the timing ones are reported by `npm run bench`):
// dist/connector.js gzip -9 at most 1.5 times the base library's own bundle. CI builds
// before testing, so a missing dist/ fails here rather than passing unnoticed.
import * as path from 'node:path';
import { BUNDLE_RATIO_BUDGET, bundlePaths, measureBundle } from '../../bench/bundle';

const ROOT = path.resolve(__dirname, '..', '..');

describe('bundle budget', () => {
  it(`dist/connector.js gzipped is at most ${BUNDLE_RATIO_BUDGET}× the base library's bundle`, () => {
    const figures = measureBundle(ROOT);
    const { ours, base } = bundlePaths(ROOT);
    const detail =
      `${path.relative(ROOT, ours)} is ${figures.gzBytes} B gzip -9 (${figures.rawBytes} B raw), ` +
      `${path.relative(ROOT, base)} is ${figures.baseGzBytes} B: ratio ${figures.ratio.toFixed(3)}, budget ${BUNDLE_RATIO_BUDGET}`;
    if (figures.ratio > BUNDLE_RATIO_BUDGET) throw new Error(`bundle over budget: ${detail}`);
    expect(figures.ratio).toBeLessThanOrEqual(BUNDLE_RATIO_BUDGET);
  });

  it('the ratio is measured, not assumed: both bundles are non-trivial and ours contains the base library', () => {
    const figures = measureBundle(ROOT);
    expect(figures.baseGzBytes).toBeGreaterThan(1000);
    // Ours bundles the base library, so it cannot be smaller than it.
    expect(figures.gzBytes).toBeGreaterThan(figures.baseGzBytes);
    expect(figures.rawBytes).toBeGreaterThan(figures.gzBytes);
  });
});
