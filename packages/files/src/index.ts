/**
 * `@fmnist/files`: writing files so that readers see the old file or the new one, never half of one (Node only): the
 * data goes to a temporary file in the same directory, is flushed to disk, then renamed over the target. The dataset
 * cache, saved models and the CLI's outputs all write this way.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@fmnist/files';
 * await writeFileAtomic('out/history.json', JSON.stringify(history));
 * ```
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Creates the directory `dir` and its missing parents, one level at a time from the nearest existing ancestor:
 * a level that cannot be made fails with the file system's error, where `mkdir(dir, { recursive: true })` never
 * returns on some kernel file systems (`/proc/x`).
 *
 * @example
 * ```ts
 * import { makeDirectory } from '@fmnist/files';
 * await makeDirectory('out/run-1/plots');
 * ```
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let level = resolve(dir); !(await exists(level)); level = dirname(level)) {
    if (dirname(level) === level) break;
    missing.unshift(level);
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/**
 * Whether something is at `path`. Below a file (`ENOTDIR`) nothing is, so the walk goes on up to the file and mkdir
 * reports it; any other failure counts as present, for mkdir to report too.
 */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR',
  );
}

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
