/**
 * Checks of flags and paths that commander cannot make: run by each command before it does any work, so that a
 * bad `--out` is found before training, not after. Each failure is a {@link UsageError} naming the flag.
 */
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

async function statOf(path: string) {
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
}

/** `flag path` must be an existing directory (e.g. `--data-dir`). */
export async function checkExistingDirectory(flag: string, path: string): Promise<void> {
  const found = await statOf(path);
  if (!found) throw new UsageError(`${flag} ${path}: no such directory`, { flag, path });
  if (!found.isDirectory()) throw new UsageError(`${flag} ${path}: not a directory`, { flag, path });
}

/**
 * Kernel file systems (`statfs` magic numbers) that hold no files of ours: proc, sysfs, cgroup, cgroup2, debugfs,
 * tracefs, securityfs. Writes there fail late or strangely (Node's recursive mkdir never returns under /proc), and
 * root passes the permission check.
 */
const PSEUDO_FILE_SYSTEMS = new Set([
  0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673,
]);

/**
 * The nearest existing directory at or above `start` (`path` itself unless given), which must be writable and on a real file system for `path` to
 * be created there.
 */
async function checkCreatable(
  flag: string,
  path: string,
  what: string,
  start = resolve(path),
): Promise<void> {
  let parent = start;
  let found = await statOf(parent);
  while (!found) {
    const up = dirname(parent);
    if (up === parent) break;
    parent = up;
    found = await statOf(parent);
  }
  if (!found?.isDirectory()) {
    throw new UsageError(
      `${flag} ${path}: ${parent} is not a directory, so ${what} cannot be created there`,
      {
        flag,
        path,
      },
    );
  }
  if (PSEUDO_FILE_SYSTEMS.has((await statfs(parent)).type)) {
    throw new UsageError(`${flag} ${path}: ${parent} is a kernel file system, not a place for files`, {
      flag,
      path,
      hint: 'choose a path on a disk',
    });
  }
  try {
    await access(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: ${parent} is not writable`, {
      flag,
      path,
      hint: 'choose another path',
    });
  }
}

/** `flag path` must be a directory that exists and is writable, or can be created (e.g. `--out` of `train`). */
export async function checkWritableDirectory(flag: string, path: string): Promise<void> {
  const found = await statOf(path);
  if (found && !found.isDirectory()) {
    throw new UsageError(`${flag} ${path}: a file is in the way, expected a directory`, { flag, path });
  }
  await checkCreatable(flag, path, 'the directory');
}

/** `flag path` must name a file that can be written: not a directory, in a directory that exists and is writable. */
export async function checkWritableFile(flag: string, path: string): Promise<void> {
  if ((await statOf(path))?.isDirectory()) {
    throw new UsageError(`${flag} ${path}: is a directory, expected a file name`, { flag, path });
  }
  const parent = dirname(resolve(path));
  const found = await statOf(parent);
  if (!found) throw new UsageError(`${flag} ${path}: the directory ${parent} does not exist`, { flag, path });
  if (!found.isDirectory())
    throw new UsageError(`${flag} ${path}: ${parent} is not a directory`, { flag, path });
  // From the directory: a file already there is replaced (atomically), not in the way.
  await checkCreatable(flag, path, 'the file', parent);
}
