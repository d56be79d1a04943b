/**
 * The four Fashion-MNIST files, shipped inside this package so that loading works offline.
 *
 * The URLs are written as `new URL('…', import.meta.url)` literals: Node resolves them to `file:` URLs next to this
 * module, and bundlers such as Vite recognise the pattern and emit the files as assets with served URLs.
 *
 * @example
 * ```ts
 * import { fileURLToPath } from 'node:url';
 * import { fashionMnistFiles } from '@fmnist/dataset';
 * console.log(fileURLToPath(fashionMnistFiles.trainImages.url)); // …/node_modules/@fmnist/dataset/data/train-images-idx3-ubyte.gz
 * ```
 */

/** What the manifest knows about one file. */
export interface DatasetFile {
  /** Where the gzipped file is: a `file:` URL in Node, an asset URL in a bundle. */
  readonly url: URL;
  /** Name of the decompressed IDX file, e.g. `train-images-idx3-ubyte`. */
  readonly name: string;
  /** Size in bytes of the decompressed IDX content. */
  readonly bytes: number;
  /** SHA-256 (hex) of the decompressed IDX content. */
  readonly sha256: string;
}

/** The four files of Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 pixels, with labels. */
export interface DatasetFiles {
  readonly trainImages: DatasetFile;
  readonly trainLabels: DatasetFile;
  readonly testImages: DatasetFile;
  readonly testLabels: DatasetFile;
}

export const fashionMnistFiles: DatasetFiles = {
  trainImages: {
    url: new URL('../data/train-images-idx3-ubyte.gz', import.meta.url),
    name: 'train-images-idx3-ubyte',
    bytes: 47_040_016,
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    url: new URL('../data/train-labels-idx1-ubyte.gz', import.meta.url),
    name: 'train-labels-idx1-ubyte',
    bytes: 60_008,
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    url: new URL('../data/t10k-images-idx3-ubyte.gz', import.meta.url),
    name: 't10k-images-idx3-ubyte',
    bytes: 7_840_016,
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    url: new URL('../data/t10k-labels-idx1-ubyte.gz', import.meta.url),
    name: 't10k-labels-idx1-ubyte',
    bytes: 10_008,
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
};

/** The dataset's licence notice: MIT, © 2017 Zalando SE. The full text ships as `LICENSE` in this package. */
export const FASHION_MNIST_LICENSE = 'MIT License, Copyright (c) 2017 Zalando SE';
