// After each build: copies the adapter page (static/index.html) into dist/ and writes
// what goes into a Salesforce org, dist/callcenter.xml and dist/salesforce/
// (scripts/salesforce-package.js), with the names resolved from `--env` by
// webpack.config.js. A tiny plugin instead of copy-webpack-plugin: one dependency fewer.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { writeSalesforcePackage } = require('./salesforce-package.js');

/** Files of static/ copied as they are; callcenter.xml is a template, filled in. */
const COPIED = ['index.html'];

class CopyStatic {
  /** @param {ReturnType<import('./salesforce-names').resolveNames>} names */
  constructor(names) {
    this.names = names;
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyStatic', (compilation) => {
      const staticDir = path.resolve(__dirname, '..', 'static');
      const dist = compiler.options.output.path;
      for (const name of COPIED) fs.copyFileSync(path.join(staticDir, name), path.join(dist, name));
      if (compilation.getErrors().length > 0) return;
      writeSalesforcePackage({ dist, staticDir, names: this.names });
    });
  }
}

module.exports = CopyStatic;
