/**
 * `@fmnist/train/photos` (Node): labelled photos of real clothes, read from folders named by their class, made into
 * the model's 28×28 input by `@fmnist/picture` (the pipeline the classifier uses, so the model learns what it will
 * see), as a split to mix into training.
 *
 * @example
 * ```ts
 * import { loadLabelledPhotos } from '@fmnist/train/photos';
 * const photos = await loadLabelledPhotos('photos/train'); // photos/train/pants/*.jpg, photos/train/shoes/*.jpg, …
 * ```
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CLASS_NAMES, IMAGE_PIXELS, type Split } from '@fmnist/data';
import { preparePicture } from '@fmnist/picture';
import { PhotoFolderError } from './errors.js';

/**
 * Folder names → class labels: each class's name in lower case with `/` and spaces as `-` (`t-shirt-top`,
 * `ankle-boot`), and the names photo collections use for the same garments. Shoes photographed as people do (pairs
 * from above, boots standing) are taught as Sneaker; any shoe class counts as right for them.
 */
export const PHOTO_FOLDERS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(CLASS_NAMES.map((name, label) => [name.toLowerCase().replace(/[/ ]/g, '-'), label])),
  't-shirt': 0,
  tshirt: 0,
  pants: 1,
  trousers: 1,
  jeans: 1,
  longsleeve: 2,
  sweater: 2,
  outwear: 4,
  jacket: 4,
  shoes: 7,
});

/** A split of photos, and the folders that were skipped because they name no class. */
export interface LabelledPhotos extends Split {
  readonly skipped: readonly string[];
}

/**
 * Reads every PNG and JPEG in the class-named folders of `dir` (see {@link PHOTO_FOLDERS}; other folders, such as
 * hats or skirts, are skipped and listed) through the picture pipeline, in a fixed order.
 *
 * @throws PhotoFolderError if `dir` cannot be read or holds no photo of a known class; PictureError for a photo that
 *   cannot be decoded.
 */
export async function loadLabelledPhotos(dir: string): Promise<LabelledPhotos> {
  let folders: string[];
  try {
    folders = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    throw new PhotoFolderError(dir, 'cannot be read', { cause });
  }
  const pictures: Uint8Array[] = [];
  const labels: number[] = [];
  const skipped: string[] = [];
  for (const folder of folders) {
    const label = PHOTO_FOLDERS[folder.toLowerCase()];
    if (label === undefined) {
      skipped.push(folder);
      continue;
    }
    const files = (await readdir(join(dir, folder))).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    for (const file of files) {
      pictures.push((await preparePicture(join(dir, folder, file))).pixels);
      labels.push(label);
    }
  }
  if (pictures.length === 0) {
    throw new PhotoFolderError(dir, 'holds no PNG or JPEG photo in a folder named by a class', {
      hint: `put photos in folders such as ${dir}/trouser or ${dir}/shoes`,
    });
  }
  const images = new Uint8Array(pictures.length * IMAGE_PIXELS);
  pictures.forEach((pixels, i) => {
    images.set(pixels, i * IMAGE_PIXELS);
  });
  return { images, labels: Uint8Array.from(labels), count: pictures.length, skipped };
}
