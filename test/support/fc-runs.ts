/**
 * Run counts and the seed of the property and fuzz tests (fast-check), read from the
 * environment once, so that every such test can be made lighter the same way.
 *
 * @remarks
 * - `FC_RUNS_SCALE` (default 1) multiplies every default run count; mutation runs use
 *   0.1 (`test/mutation/jest.config.js`). Counts are rounded and never below 1, so any
 *   positive scale gives whole run counts (fast-check never ends a run whose `numRuns`
 *   is fractional).
 * - `FC_RUNS` and `FUZZ_RUNS` set one test's count outright (see {@link fcRuns}); they
 *   win over the scale.
 * - `FC_SEED` replays the seed fast-check printed for a failure.
 *
 * A value that is not a number of the right kind is a clear error at load time, not a
 * silent default.
 *
 * @example
 * ```ts
 * fc.assert(property, fcOptions(1_500, 'FC_RUNS'));   // 1,500, or FC_RUNS, or 1,500 × FC_RUNS_SCALE
 * ```
 */

/** The variables that set one test's run count outright. */
export type RunsOverride = 'FC_RUNS' | 'FUZZ_RUNS';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads a positive number (`integer`: a whole one) from `env[name]`, or `undefined` when unset or blank. */
function readPositive(env: Env, name: string, integer: boolean): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * The run count for a test whose default is `defaultRuns`: `env[override]` if set, else
 * `defaultRuns × FC_RUNS_SCALE`, rounded, at least 1.
 *
 * @param env - the environment (tests of this module pass their own)
 */
export function fcRuns(defaultRuns: number, override?: RunsOverride, env: Env = process.env): number {
  const exact = override === undefined ? undefined : readPositive(env, override, true);
  if (exact !== undefined) return exact;
  const scale = readPositive(env, 'FC_RUNS_SCALE', false) ?? 1;
  return Math.max(1, Math.round(defaultRuns * scale));
}

/** `{ seed }` when `FC_SEED` is set (an integer, as fast-check prints it), else `{}`. */
export function fcSeed(env: Env = process.env): { seed?: number } {
  const raw = env['FC_SEED'];
  if (raw === undefined || raw.trim() === '') return {};
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer (the seed fast-check printed), got ${JSON.stringify(raw)}`);
  return { seed };
}

/** fast-check parameters: {@link fcRuns} and {@link fcSeed} together. */
export function fcOptions(defaultRuns: number, override?: RunsOverride, env: Env = process.env): { numRuns: number; seed?: number } {
  return { numRuns: fcRuns(defaultRuns, override, env), ...fcSeed(env) };
}
