import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` one level at a time, each new folder with `mode`. Node's own recursive mkdirSync
 * loops forever where a parent answers ENOENT although it exists (a path under /proc, e.g. a
 * mistyped RELAIS_DATA_DIR): one level at a time, that mistake is a plain ENOENT error.
 */
export function ensureDirectory(dir: string, mode = 0o700): void {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  for (; !fs.existsSync(existing); existing = path.dirname(existing)) {
    missing.unshift(existing);
    if (path.dirname(existing) === existing) break;
  }
  if (fs.existsSync(existing) && !fs.statSync(existing).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${existing}'`), { code: 'ENOTDIR', path: existing });
  }
  for (const folder of missing) fs.mkdirSync(folder, { mode });
}
