/**
 * `BENCH_PROFILE=1 npm run bench`: where the time of a status round trip goes, from
 * Chromium's sampling profiler (DevTools protocol `Profiler.start` / `Profiler.stop`).
 *
 * @remarks
 * The analysis here is pure, so it is tested (test/bench/profile.test.ts): self time per
 * function and per source module, and inclusive time per function (a function on the
 * stack several times counts once per sample). Modules are found without a source map:
 * the profile build is not minified, and webpack writes a `// ./path` comment before
 * each module it concatenates, so a function's line number tells its module.
 */

/** A `Profiler.Profile` of the DevTools protocol (the fields used here). */
export interface CpuProfile {
  nodes: readonly CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: readonly number[];
  timeDeltas?: readonly number[];
}

/** A `Profiler.ProfileNode`. */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: readonly number[];
}

/** Time attributed to one function or module, in microseconds. */
export interface Attributed {
  name: string;
  module: string;
  selfUs: number;
  totalUs: number;
}

/** A profile's times, largest first. */
export interface ProfileSummary {
  /** Profiled wall time, µs. */
  wallUs: number;
  functions: Attributed[];
  /** Self time per module (`src/…`, a `node_modules/…` path, or `(native)`, `(program)`, `(idle)` …). */
  modules: { module: string; selfUs: number }[];
}

/** Maps a 0-based line of a bundle to its module, from webpack's `// ./path` module comments. */
export function moduleLines(bundle: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const m = /^;?\s*\/\/ (?:CONCATENATED MODULE: )?(\.\/\S+\.[cm]?[jt]s)\s*$/.exec(text) ?? /^\/\*\*\*\/ "(\.\/\S+\.[cm]?[jt]s)":/.exec(text);
    if (m?.[1] !== undefined) starts.push({ line, module: m[1].replace(/^\.\//, '') });
  });
  return (line) => {
    let found = '(bundle runtime)';
    for (const s of starts) {
      if (s.line > line) break;
      found = s.module;
    }
    return found;
  };
}

/** Short name of a module for the report: `src/…` as is, a library by package and file. */
function shortModule(module: string): string {
  return module.replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/(?:src\/main\/)?/, '$1/');
}

/**
 * Self and inclusive time per function, and self time per module.
 *
 * @param moduleOf - the module of a frame in `bundleUrl` by its 0-based line
 * @param bundleUrl - frames whose url ends with this are attributed to modules
 */
export function summarizeProfile(profile: CpuProfile, moduleOf: (line: number) => string, bundleUrl: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Sample i lasts until sample i+1 (as DevTools counts); the last until endTime.
  const selfByNode = new Map<number, number>();
  let t = profile.startTime;
  const stamps = samples.map((_, i) => (t += deltas[i] ?? 0));
  samples.forEach((id, i) => {
    const duration = (stamps[i + 1] ?? profile.endTime) - (stamps[i] ?? profile.endTime);
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + Math.max(0, duration));
  });

  const keyOf = new Map<number, { name: string; module: string }>();
  const describe = (node: CpuProfileNode): { name: string; module: string } => {
    const cached = keyOf.get(node.id);
    if (cached) return cached;
    const f = node.callFrame;
    const special = f.functionName.startsWith('(') && f.url === '';
    const module = special ? f.functionName : f.url === '' ? '(native)' : f.url.endsWith(bundleUrl) ? shortModule(moduleOf(f.lineNumber)) : f.url.replace(/^.*\//, '');
    const name = special ? f.functionName : `${f.functionName || '(anonymous)'}${f.url === '' ? '' : `:${f.lineNumber + 1}`}`;
    const key = { name, module };
    keyOf.set(node.id, key);
    return key;
  };

  const functions = new Map<string, Attributed>();
  const modules = new Map<string, number>();
  const entry = (k: { name: string; module: string }): Attributed => {
    const id = `${k.module}\u0000${k.name}`;
    let a = functions.get(id);
    if (!a) functions.set(id, (a = { name: k.name, module: k.module, selfUs: 0, totalUs: 0 }));
    return a;
  };
  for (const [id, us] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    const own = describe(node);
    entry(own).selfUs += us;
    modules.set(own.module, (modules.get(own.module) ?? 0) + us);
    // Inclusive: every distinct function on the stack, once.
    const seen = new Set<Attributed>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n || n.callFrame.functionName === '(root)') continue;
      const a = entry(describe(n));
      if (!seen.has(a)) {
        seen.add(a);
        a.totalUs += us;
      }
    }
  }
  return {
    wallUs: profile.endTime - profile.startTime,
    functions: [...functions.values()].sort((a, b) => b.selfUs - a.selfUs),
    modules: [...modules.entries()].map(([module, selfUs]) => ({ module, selfUs })).sort((a, b) => b.selfUs - a.selfUs),
  };
}

const IDLE = new Set(['(idle)', '(program)']);

/** Busy (not idle) µs of a profile. */
export function busyUs(s: ProfileSummary): number {
  return s.modules.filter((m) => !IDLE.has(m.module)).reduce((sum, m) => sum + m.selfUs, 0);
}

/**
 * The report printed by the profile mode for one direction: busy time per round trip of
 * ours against the floor (each profiled alone), ours minus floor per module, then our
 * top functions by self time, then those of our own code (`src/`) by inclusive time.
 */
export function formatProfile(title: string, ours: ProfileSummary, floor: ProfileSummary, roundTrips: number, top = 15): string {
  const per = (us: number): string => (us / roundTrips).toFixed(1).padStart(7);
  const floorModules = new Map(floor.modules.map((m) => [m.module, m.selfUs]));
  const names = new Set([...ours.modules, ...floor.modules].map((m) => m.module).filter((m) => !IDLE.has(m)));
  const diff = [...names]
    .map((module) => ({ module, us: (ours.modules.find((m) => m.module === module)?.selfUs ?? 0) - (floorModules.get(module) ?? 0) }))
    .sort((a, b) => b.us - a.us);
  return [
    `${title}: ${roundTrips} round trips of each path, profiled alone: busy µs per round trip in the adapter's renderer, ` +
      `ours ${per(busyUs(ours)).trim()}, floor ${per(busyUs(floor)).trim()}`,
    '  ours minus floor, self µs per round trip, by module (native = browser built-ins: postMessage, setItem …):',
    ...diff.slice(0, top).map((m) => `  ${per(m.us)}  ${m.module}`),
    '  ours, self µs per round trip, top functions:',
    ...ours.functions.filter((f) => !IDLE.has(f.module)).slice(0, top).map((f) => `  ${per(f.selfUs)}  ${f.name}  [${f.module}]`),
    '  ours, inclusive µs per round trip, our code (src/):',
    ...ours.functions
      .filter((f) => f.module.startsWith('src/'))
      .sort((a, b) => b.totalUs - a.totalUs)
      .slice(0, top)
      .map((f) => `  ${per(f.totalUs)}  ${f.name}  [${f.module}]`),
  ].join('\n');
}
