// After each build: copies static/ (adapter page, Call Center definition) into dist/
// and packages the adapter page with the bundle as dist/connector.zip, ready to upload
// as a Salesforce static resource. A tiny plugin instead of copy-webpack-plugin and a
// zip library: two dependencies fewer.
const fs = require('node:fs');
const path = require('node:path');
const { createZip } = require('./zip.js');

/** Files that go into the static resource, in archive order. */
const ZIP_ENTRIES = ['index.html', 'connector.js'];

class CopyStatic {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyStatic', (compilation) => {
      const from = path.resolve(__dirname, '..', 'static');
      const to = compiler.options.output.path;
      for (const name of fs.readdirSync(from)) {
        fs.copyFileSync(path.join(from, name), path.join(to, name));
      }
      if (compilation.getErrors().length > 0) return;
      const entries = ZIP_ENTRIES.map((name) => ({ name, data: fs.readFileSync(path.join(to, name)) }));
      fs.writeFileSync(path.join(to, 'connector.zip'), createZip(entries));
    });
  }
}

module.exports = CopyStatic;
