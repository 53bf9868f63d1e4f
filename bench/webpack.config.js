// Builds the benchmarks into bench/.build/ (git-ignored), never into dist/:
//  - pages/: the bench-only pages' scripts (host playing Salesforce, our connector with
//    measuring hooks, the base library with a trivial connector, the idle counter),
//    with the same resolve and loader settings as the production build;
//  - run.js and core.js: the Node runners (playwright-core stays external).
// bench/.build sits two folders below the root, like test/browser, so modules that
// find the repository from their __dirname (the browser harness) resolve it the same.
// BENCH_PROFILE=1 builds the pages unminified, with webpack's `// ./path` comment before
// each module, so the profiler's function names and lines can be traced back to src/.
const path = require('node:path');
const production = require('../webpack.config.js')(undefined, { mode: 'production' });

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, '.build');
const PROFILE = process.env.BENCH_PROFILE === '1';
const tsRule = { test: /\.ts$/, loader: 'ts-loader', options: { configFile: path.join(__dirname, 'tsconfig.json') }, exclude: /node_modules/ };

module.exports = [
  {
    name: 'pages',
    mode: 'production',
    context: ROOT,
    entry: {
      host: './bench/pages/host.ts',
      adapter: './bench/pages/adapter.ts',
      trivial: './bench/pages/trivial.ts',
      instrument: './bench/pages/instrument.ts',
    },
    target: production.target,
    devtool: false,
    output: { path: path.join(OUT, 'pages'), filename: '[name].js', clean: true, chunkFormat: false, pathinfo: PROFILE },
    resolve: production.resolve,
    module: { rules: [tsRule] },
    optimization: PROFILE ? { ...production.optimization, minimize: false } : production.optimization,
    performance: { hints: false },
  },
  {
    name: 'node',
    mode: 'production',
    context: ROOT,
    entry: { run: './bench/run.ts', core: './bench/core.ts' },
    target: 'node20',
    devtool: false,
    output: { path: OUT, filename: '[name].js', chunkFormat: 'commonjs', library: { type: 'commonjs2' } },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    externals: { 'playwright-core': 'commonjs playwright-core', ws: 'commonjs ws' },
    // Keep the runtime __dirname (bench/.build), see the comment above.
    node: { __dirname: false, __filename: false },
    optimization: { minimize: false },
    performance: { hints: false },
  },
];
