#!/usr/bin/env node
// `npm run partner-server`: runs server/main.ts in plain Node. TypeScript files are
// compiled on load by the repository's own `typescript` (transpile only; `npm run
// typecheck` checks the types), so there is no build step and nothing to install.
// Tests start the server as a child process the same way (node scripts/partner-server.js …).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
process.setSourceMapsEnabled?.(true);

require(path.join(__dirname, '..', 'server', 'main.ts'));
