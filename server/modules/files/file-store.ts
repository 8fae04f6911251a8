import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

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
      try {
        await fs.access(target);
        return sha256;
      } catch {
        // not stored yet
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Write then rename, so a crash never leaves a half file under the final name.
      const temp = `${target}.${process.pid}.tmp`;
      await fs.writeFile(temp, content, { flag: 'wx' });
      await fs.rename(temp, target);
      return sha256;
    },
    async read(sha256: string): Promise<Buffer> {
      return fs.readFile(pathOf(sha256));
    },
    /** True when the stored bytes still hash to their name. */
    async verify(sha256: string): Promise<boolean> {
      const content = await fs.readFile(pathOf(sha256));
      return createHash('sha256').update(content).digest('hex') === sha256;
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
