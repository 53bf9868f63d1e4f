/**
 * Reads a file of the shared spec folder (`../shared/spec/` beside the clone).
 *
 * @remarks
 * Looked up by walking up from this file, because tests also run from copies of the
 * repository one or more levels deeper (Stryker's sandboxes under `.stryker-tmp/`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function readSharedSpec(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'spec', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(dir) === dir) throw new Error(`shared/spec/${name} not found above ${__dirname}`);
  }
}
