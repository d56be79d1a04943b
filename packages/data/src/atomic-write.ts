/**
 * Writing files so that readers see the old file or the new one, never half of one (Node only): the data goes to a
 * temporary file in the same directory, is flushed to disk, then renamed over the target. The dataset cache, saved
 * models and the CLI's outputs all write this way.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@fmnist/data/atomic-write';
 * await writeFileAtomic('out/history.json', JSON.stringify(history));
 * ```
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A fresh hidden name beside `path`, unique to this process and call: `dir/.name.<pid>-<random>.tmp`. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `data` to a new file at `path` (it must not exist) and flushes it to disk before returning. */
export async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Writes `data` to `path` atomically: into {@link temporaryPathFor}, flushed, then renamed over `path`. On failure
 * the temporary file is removed, `path` is as it was, and the file system's error is thrown.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await writeDurably(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
