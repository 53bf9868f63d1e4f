// Dev-only build for `npm start`: the connector through dev/connector-dev-entry.ts (the
// real bootstrap plus the local SETUP_CONNECTOR relay) and the two page scripts. It
// never writes to dist/, so nothing here can reach the production bundle. devtool
// 'source-map' (not eval) keeps the pages working under the server's strict CSP.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const production = require('../webpack.config.js')(undefined, { mode: 'production' });

/**
 * @param {{ outDir?: string }} [options] outDir: where the bundles go (default .dev-dist/)
 * @returns {import('webpack').Configuration}
 */
module.exports = (options = {}) => ({
  mode: 'development',
  context: root,
  entry: {
    'connector-dev': './dev/connector-dev-entry.ts',
    omni: './dev/pages/omni.ts',
    console: './dev/pages/console.ts',
    'server-console': './dev/pages/server-console.ts',
  },
  target: ['web', 'es2020'],
  devtool: 'source-map',
  output: {
    path: options.outDir || path.join(root, '.dev-dist'),
    filename: '[name].js',
    clean: true,
    chunkFormat: false,
  },
  // The production build's resolution (the base library from its ES source), so the
  // dev connector is the same code.
  resolve: production.resolve,
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        options: { configFile: path.join(__dirname, 'tsconfig.json') },
        exclude: /node_modules/,
      },
    ],
  },
  optimization: { splitChunks: false, runtimeChunk: false },
  performance: { hints: false },
  infrastructureLogging: { level: 'warn' },
  stats: 'errors-warnings',
});
