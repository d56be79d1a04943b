import { writeFileAtomic as writeAtomically } from '@fmnist/files';

export { makeDirectory } from '@fmnist/files';

import { CliError } from './errors.js';

/**
 * Writes `data` to `path` atomically (readers see the old file or the new one, never half of one); a failure is a
 * one-line {@link CliError} naming the file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeAtomically(path, data);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new CliError(`${path}: cannot write (${code})`, {
      path,
      hint: 'check the directory exists and is writable',
      cause,
    });
  }
}
