import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDirectory } from './directories.js';

describe('ensureDirectory', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-dirs-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates every missing level, private by default, and accepts a folder that exists', () => {
    const deep = path.join(root, 'a', 'b', 'c');
    ensureDirectory(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    for (const level of ['a', 'a/b', 'a/b/c']) expect(fs.statSync(path.join(root, level)).mode & 0o777).toBe(0o700);
    ensureDirectory(deep);
    expect(fs.readdirSync(path.join(root, 'a'))).toEqual(['b']);
  });

  it('fails with a plain error where a file stands in the way', () => {
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => ensureDirectory(path.join(root, 'file', 'sub'))).toThrow(/ENOTDIR/);
    expect(() => ensureDirectory(path.join(root, 'file'))).toThrow(/ENOTDIR/);
  });

  it.runIf(process.platform === 'linux')('fails at once under /proc, where Node’s recursive mkdir never returns', () => {
    expect(() => ensureDirectory('/proc/relais-data')).toThrow(/ENOENT/);
  });
});
