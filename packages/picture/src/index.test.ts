import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PictureError, preparePicture } from './index.js';
import { encodePng, trouser } from './test/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fmnist-picture-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('preparePicture (Node)', () => {
  it('reads a file and its bytes alike', async () => {
    const bytes = encodePng(60, 90, trouser());
    const path = join(dir, 'trouser.png');
    await writeFile(path, bytes);
    const fromFile = await preparePicture(path);
    expect(fromFile).toMatchObject({ format: 'png', width: 60, height: 90, inverted: true });
    expect(fromFile.verdict).toEqual({ confident: true });
    expect((await preparePicture(bytes)).pixels).toEqual(fromFile.pixels);
  });

  it('names the file and what to do when it cannot read it', async () => {
    await expect(preparePicture(join(dir, 'missing.png'))).rejects.toThrow(
      /missing\.png: no such file; pass the path of a PNG or JPEG image$/,
    );
    await expect(preparePicture(dir)).rejects.toThrow(PictureError);
    await expect(preparePicture(new TextEncoder().encode('GIF89a'), 'cat.gif')).rejects.toThrow(
      /^cat\.gif: a GIF image; only PNG and JPEG images are supported, convert it first$/,
    );
  });
});
