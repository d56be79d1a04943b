import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeDirectory, temporaryPathFor, writeDurably, writeFileAtomic } from './index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fmnist-atomic-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it('makes the missing levels, accepts an existing directory, and fails below a file or under /proc', async () => {
    const base = join(dir, 'directories');
    const deep = join(base, 'made', 'a', 'b');
    await makeDirectory(deep);
    await makeDirectory(deep);
    expect(await readdir(join(base, 'made', 'a'))).toEqual(['b']);
    const file = join(base, 'plain-file');
    await writeFile(file, 'x');
    await expect(makeDirectory(join(file, 'below', 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    // Node's recursive mkdir never returns for this path; one level at a time fails at once.
    await expect(makeDirectory('/proc/fmnist-no-such-dir/x')).rejects.toMatchObject({
      code: expect.stringMatching(/^E/),
    });
  });
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const file = join(dir, 'history.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, new TextEncoder().encode('second'));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect((await readdir(dir)).filter((name) => name !== 'directories')).toEqual(['history.json']);
  });

  it('on failure keeps the old file whole, removes its temporary file and throws the cause', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    const file = join(sub, 'taken');
    await mkdir(file); // a directory where the file should go: the rename fails
    await writeFile(join(file, 'inside'), 'kept');
    await expect(writeFileAtomic(file, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(await readdir(sub)).toEqual(['taken']);
    expect(await readFile(join(file, 'inside'), 'utf8')).toBe('kept');
  });
});

describe('temporaryPathFor and writeDurably', () => {
  it('gives a fresh hidden name beside the target, and refuses to overwrite', async () => {
    const target = join(dir, 'weights.bin');
    const [a, b] = [temporaryPathFor(target), temporaryPathFor(target)];
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^${dir}/\\.weights\\.bin\\.${process.pid}-[0-9a-f]{12}\\.tmp$`));
    await writeDurably(a, 'x');
    await expect(writeDurably(a, 'y')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(a, 'utf8')).toBe('x');
  });
});
