/**
 * A record, kept in the cache directory, of dataset files whose content was hashed and matched the manifest: path,
 * size, modification and change times, inode, and the digest matched. A file whose stat still agrees is not hashed
 * again; any write to it changes its ctime (which no user call can set back), so it is hashed again. A record that
 * cannot be read or written only costs the hash: verification never depends on it being there.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeDirectory, writeFileAtomic } from '@fmnist/files';

/** File name of the record inside the cache directory. */
export const VERIFIED_FILES_NAME = 'verified-files.json';

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
  sha256: string;
}

const identity = (stats: Stats): Omit<Entry, 'sha256'> => ({
  size: stats.size,
  mtimeMs: stats.mtimeMs,
  ctimeMs: stats.ctimeMs,
  ino: stats.ino,
  dev: stats.dev,
});

export class VerifiedFiles {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly entries: Record<string, Entry>,
  ) {}

  /** The record in `cacheDir` (empty when it is missing or unreadable). */
  static async open(cacheDir: string): Promise<VerifiedFiles> {
    const path = join(cacheDir, VERIFIED_FILES_NAME);
    let entries: Record<string, Entry> = {};
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        entries = parsed as Record<string, Entry>;
    } catch {
      // Missing or damaged: every file is hashed, and the record rewritten.
    }
    return new VerifiedFiles(path, entries);
  }

  /** Whether `file`, as `stats` describes it now, was verified against `sha256` and has not changed since. */
  has(file: string, stats: Stats, sha256: string): boolean {
    const entry = this.entries[resolve(file)];
    if (entry === undefined || entry.sha256 !== sha256) return false;
    const now = identity(stats);
    return (Object.keys(now) as (keyof typeof now)[]).every((key) => entry[key] === now[key]);
  }

  /** Notes that `file`, as `stats` described it before it was read, matched `sha256`. */
  add(file: string, stats: Stats, sha256: string): void {
    this.entries[resolve(file)] = { ...identity(stats), sha256 };
    this.changed = true;
  }

  /** Writes the record (under a temporary name, then renamed) if it changed; failures are ignored. */
  async save(): Promise<void> {
    if (!this.changed) return;
    try {
      await makeDirectory(join(this.path, '..'));
      await writeFileAtomic(this.path, `${JSON.stringify(this.entries, null, 1)}\n`);
      this.changed = false;
    } catch {
      // Not kept: the next load hashes the files again.
    }
  }
}
