/** Set by vite.config.ts: the size of the training split's files as the page downloads them. */
declare const __FMNIST_TRAIN_DOWNLOAD_BYTES__: number;
