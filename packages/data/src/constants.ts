/** Names of the ten Fashion-MNIST classes, indexed by label. */
export const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** One of the ten Fashion-MNIST class names, e.g. `'Ankle boot'`. */
export type ClassName = (typeof CLASS_NAMES)[number];

export const NUM_CLASSES = 10;
export const IMAGE_HEIGHT = 28;
export const IMAGE_WIDTH = 28;
export const IMAGE_PIXELS = IMAGE_HEIGHT * IMAGE_WIDTH;

/** The four files of the dataset, with the size and SHA-256 of their decompressed IDX content. */
export const FASHION_MNIST_MANIFEST = {
  trainImages: {
    name: 'train-images-idx3-ubyte',
    bytes: 47_040_016,
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte',
    bytes: 60_008,
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte',
    bytes: 7_840_016,
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte',
    bytes: 10_008,
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
} as const;

export type DatasetFileKey = keyof typeof FASHION_MNIST_MANIFEST;
export const DATASET_FILE_KEYS = Object.keys(FASHION_MNIST_MANIFEST) as DatasetFileKey[];

/** The two parts of the dataset. */
export type SplitName = 'train' | 'test';

/** The image file and the label file of each split. */
export const SPLIT_FILES = {
  train: { images: 'trainImages', labels: 'trainLabels' },
  test: { images: 'testImages', labels: 'testLabels' },
} as const satisfies Record<SplitName, { images: DatasetFileKey; labels: DatasetFileKey }>;

/** Public mirrors of the original gzipped files, tried in this order. */
export const FASHION_MNIST_MIRRORS = [
  'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
] as const;
