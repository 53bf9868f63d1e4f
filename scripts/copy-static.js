// Copies static/ (adapter page, Call Center definition) into dist/ after each build.
// A tiny plugin instead of copy-webpack-plugin: one dependency fewer.
const fs = require('node:fs');
const path = require('node:path');

class CopyStatic {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyStatic', () => {
      const from = path.resolve(__dirname, '..', 'static');
      const to = compiler.options.output.path;
      for (const name of fs.readdirSync(from)) {
        fs.copyFileSync(path.join(from, name), path.join(to, name));
      }
    });
  }
}

module.exports = CopyStatic;
