/**
 * Checks of flags and paths that commander cannot make: run by each command before it does any work, so that a
 * bad `--out` is found before training, not after. Each failure is a {@link UsageError} naming the flag.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
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

/** The nearest existing directory at or above `path`, which must be writable for `path` to be created there. */
async function checkCreatable(flag: string, path: string, what: string): Promise<void> {
  let parent = resolve(path);
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
  await checkExistingDirectory(flag, parent).catch(() => {
    throw new UsageError(`${flag} ${path}: the directory ${parent} does not exist`, { flag, path });
  });
  await checkCreatable(flag, path, 'the file');
}
