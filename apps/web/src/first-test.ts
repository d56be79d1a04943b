import type { Split } from '@fmnist/data';

/**
 * The first few test images, built into the page's script (see vite.config.ts): the try panel shows and classifies
 * the first of them on arrival without waiting for the 4.4 MB test split.
 */
export const FIRST_TEST_IMAGES: Split = {
  images: Uint8Array.from(atob(__FMNIST_FIRST_TEST_IMAGES__.images), (char) => char.charCodeAt(0)),
  labels: Uint8Array.from(__FMNIST_FIRST_TEST_IMAGES__.labels),
  count: __FMNIST_FIRST_TEST_IMAGES__.labels.length,
};
