import { type FashionMnist, type LoadProgress, loadFashionMnist } from '@fmnist/data';
import { fashionMnistFiles } from '@fmnist/dataset';

/** Overall progress of the four downloads: bytes so far and in all (when the server said). */
export interface DataProgress {
  readonly loaded: number;
  readonly total: number | undefined;
}

/** Loads Fashion-MNIST from this page's origin (the files Vite emitted), reporting combined progress. */
export function loadData(onProgress?: (progress: DataProgress) => void): Promise<FashionMnist> {
  const files = new Map<string, LoadProgress>();
  return loadFashionMnist({
    files: fashionMnistFiles,
    onProgress: (progress) => {
      files.set(progress.file, progress);
      if (!onProgress) return;
      let loaded = 0;
      let total: number | undefined = 0;
      for (const file of files.values()) {
        loaded += file.loaded;
        total = file.total === undefined || total === undefined ? undefined : total + file.total;
      }
      // Until all four have answered, the total is unknown.
      onProgress({ loaded, total: files.size === 4 ? total : undefined });
    },
  });
}
