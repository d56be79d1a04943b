/** Set by vite.config.ts: the size of the training split's files as the page downloads them. */
declare const __FMNIST_TRAIN_DOWNLOAD_BYTES__: number;
/** Set by vite.config.ts: the first test images (base64 of their 28×28 pixels, one byte each) and their labels. */
declare const __FMNIST_FIRST_TEST_IMAGES__: { readonly images: string; readonly labels: readonly number[] };
