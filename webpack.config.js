// One self-contained script, dist/connector.js: base library (bundled from its ES
// source, so no regenerator runtime and its Function() fallback), connector, status
// sync and simulator. devtool 'hidden-source-map' writes dist/connector.js.map for
// debugging without pointing the bundle at it (the uploaded zip holds no map, so a
// reference would only make DevTools complain), and never uses eval, so the bundle runs
// under a strict Content-Security-Policy.
//
// The Salesforce names in dist/callcenter.xml and dist/salesforce/ come from `--env`
// (`npm run build -- --env vendorInfo=AcmeVoice`, or `--env config=names.json`); see
// scripts/salesforce-names.js for the keys and their defaults.
const path = require('node:path');
const CopyStatic = require('./scripts/copy-static.js');
const { privateNamesTransformer, PRIVATE_PATTERN } = require('./scripts/private-names.js');
const { resolveNames } = require('./scripts/salesforce-names.js');

module.exports = (env, argv = {}) => ({
  mode: argv.mode || 'production',
  entry: { connector: './src/main.ts' },
  target: ['web', 'es2020'],
  devtool: 'hidden-source-map',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    clean: true,
    chunkFormat: false,
  },
  resolve: {
    extensions: ['.ts', '.js'],
    alias: {
      '@salesforce/scv-connector-base$': path.resolve(
        __dirname,
        'node_modules/@salesforce/scv-connector-base/src/main/index.js',
      ),
    },
  },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { configFile: 'tsconfig.json', getCustomTransformers: (program) => ({ before: [privateNamesTransformer(program)] }) }, exclude: /node_modules/ }],
  },
  optimization: {
    splitChunks: false,
    runtimeChunk: false,
    // Terser, tuned for the size budget (gzip ≤ 1.5 × the base library's own bundle).
    // pure_getters: neither our code nor the base library reads a property for a side
    // effect (no getter does work, no access is there to throw); the browser tests run
    // this minified bundle.
    minimizeOptions: { javascript: { ecma: 2020, toplevel: true, compress: { passes: 3, ecma: 2020, pure_getters: true }, mangle: { properties: { regex: PRIVATE_PATTERN } } } },
  },
  performance: { hints: false },
  plugins: [new CopyStatic(resolveNames(env))],
});
