import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_PIXELS } from '@fmnist/data';
import { preparePicture } from '@fmnist/picture';
import { encodePng, trouser } from '@fmnist/picture/test';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PhotoFolderError } from './errors.js';
import { loadLabelledPhotos, PHOTO_FOLDERS } from './photos.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fmnist-photos-'));
  const png = encodePng(60, 90, trouser());
  for (const [folder, files] of [
    ['pants', ['a.png', 'b.png']],
    ['Ankle-Boot', ['c.png']],
    ['hat', ['d.png']],
  ] as const) {
    await mkdir(join(dir, 'photos', folder), { recursive: true });
    for (const file of files) await writeFile(join(dir, 'photos', folder, file), png);
  }
  await writeFile(join(dir, 'photos', 'pants', 'notes.txt'), 'not a photo');
  await mkdir(join(dir, 'empty'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadLabelledPhotos', () => {
  it('labels photos by their folder, through the picture pipeline, and lists the folders it skipped', async () => {
    const photos = await loadLabelledPhotos(join(dir, 'photos'));
    expect(photos.count).toBe(3);
    // Folders in name order: Ankle-Boot (9) before pants (1).
    expect(Array.from(photos.labels)).toEqual([9, 1, 1]);
    expect(photos.skipped).toEqual(['hat']);
    const expected = (await preparePicture(join(dir, 'photos', 'pants', 'a.png'))).pixels;
    expect(photos.images.subarray(IMAGE_PIXELS, 2 * IMAGE_PIXELS)).toEqual(expected);
  });

  it('knows every class by its own name, and the names photo collections use', () => {
    expect(PHOTO_FOLDERS['t-shirt-top']).toBe(0);
    expect(PHOTO_FOLDERS['ankle-boot']).toBe(9);
    expect(PHOTO_FOLDERS.shoes).toBe(7);
    expect(PHOTO_FOLDERS.longsleeve).toBe(2);
  });

  it('names the folder when it holds no photo of a class, or cannot be read', async () => {
    await expect(loadLabelledPhotos(join(dir, 'empty'))).rejects.toThrow(PhotoFolderError);
    await expect(loadLabelledPhotos(join(dir, 'missing'))).rejects.toThrow(/missing: cannot be read/);
  });
});
