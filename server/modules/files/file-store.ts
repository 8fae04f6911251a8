import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors.js';

/**
 * The storage cannot take or give bytes for now (full disk or quota, I/O error, read-only mount,
 * a network folder away): a 503, as for a database outage, and it recovers once fixed.
 */
const STORAGE_UNAVAILABLE = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'ESTALE', 'ETIMEDOUT']);

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Files stored by content hash under the data folder (decision D9): identical files are stored once,
 * and a file whose bytes no longer match its name has been tampered with.
 */
export function createFileStore(root: string) {
  const pathOf = (sha256: string) => {
    if (!/^[a-f0-9]{64}$/.test(sha256)) throw new Error('invalid content hash');
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    root,
    pathOf,
    async put(content: Buffer): Promise<string> {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha256);
      // Stored already (by content): nothing to write. The same bytes uploaded at once by several
      // requests each write their own temporary file and rename it over the same name: same bytes.
      if (await exists(target)) return sha256;
      // Write then rename, so a crash never leaves a half file under the final name; a name of its
      // own per write, so concurrent uploads of the same content cannot collide.
      const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(temp, content, { flag: 'wx' });
        await fs.rename(temp, target);
      } catch (error) {
        // A full disk must not leave half a file behind, nor block that content later.
        await fs.rm(temp, { force: true }).catch(() => undefined);
        // Stored meanwhile by another request (a system that refuses to rename over a file).
        if (await exists(target)) return sha256;
        if (STORAGE_UNAVAILABLE.has((error as NodeJS.ErrnoException).code ?? '')) {
          throw new AppError('UNAVAILABLE', undefined, { reason: 'storage', code: (error as NodeJS.ErrnoException).code });
        }
        throw error;
      }
      return sha256;
    },
    /** The stored bytes; FILE_MISSING when the file is not there (a restore without its files, an unshared folder). */
    async read(sha256: string): Promise<Buffer> {
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('FILE_MISSING');
        if (STORAGE_UNAVAILABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw new AppError('UNAVAILABLE', undefined, { reason: 'storage' });
        throw error;
      }
    },
    /** True when the stored bytes still hash to their name. */
    async verify(sha256: string): Promise<boolean> {
      const content = await fs.readFile(pathOf(sha256));
      return createHash('sha256').update(content).digest('hex') === sha256;
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
