import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readZip } from './unzip';

// scripts/ is plain CommonJS run by webpack; its shape is declared here for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createZip, crc32 } = require('../../scripts/zip.js') as {
  createZip(entries: { name: string; data: Buffer }[], mtime?: Date): Buffer;
  crc32(data: Buffer): number;
};

/** External ZIP checkers present on this machine (Info-ZIP unzip, Python's zipfile). */
function externalCheckers(): { name: string; run(file: string): string }[] {
  const has = (cmd: string, args: string[]): boolean => {
    try {
      execFileSync(cmd, args, { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  const checkers: { name: string; run(file: string): string }[] = [];
  if (has('unzip', ['-v'])) checkers.push({ name: 'unzip -t', run: (f) => execFileSync('unzip', ['-t', f]).toString() });
  if (has('python3', ['--version'])) {
    checkers.push({ name: 'python3 -m zipfile -t', run: (f) => execFileSync('python3', ['-m', 'zipfile', '-t', f]).toString() });
  }
  return checkers;
}

describe('scripts/zip.js, the dependency-free ZIP writer', () => {
  const text = Buffer.from('<!doctype html>\n'.repeat(100));
  const random = crypto.randomBytes(4096); // incompressible: must be stored, not deflated
  const empty = Buffer.alloc(0);
  const entries = [
    { name: 'index.html', data: text },
    { name: 'noise.bin', data: random },
    { name: 'empty.txt', data: empty },
    { name: 'folder/ünïcode.js', data: Buffer.from('x') },
  ];

  it('CRC-32 agrees with zlib.crc32, including the empty buffer and the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    for (const e of entries) expect(crc32(e.data)).toBe(zlib.crc32(e.data));
  });

  it('writes entries that read back byte for byte: text deflated, noise stored, names in UTF-8', () => {
    const read = readZip(createZip(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    read.forEach((e, i) => expect(e.data.equals(entries[i]!.data)).toBe(true));
    expect(read.map((e) => e.method)).toEqual([8, 0, 0, 0]);
  });

  it('is reproducible: the same input gives the same bytes', () => {
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });

  const checkers = externalCheckers();
  (checkers.length > 0 ? it : it.skip)(`passes the external checkers present here (${checkers.map((c) => c.name).join(', ') || 'none'})`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-zip-'));
    try {
      const file = path.join(dir, 'test.zip');
      fs.writeFileSync(file, createZip(entries));
      for (const checker of checkers) expect(() => checker.run(file)).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
