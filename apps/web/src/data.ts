import { type LoadProgress, loadSplit, type Split } from '@fmnist/data';
import { fashionMnistFiles } from '@fmnist/dataset';

/** Bytes so far and in all (once both files of the split have answered) of a split's download. */
export interface DataProgress {
  readonly loaded: number;
  readonly total: number | undefined;
}

/** Bytes the training split's two files take to download, measured when the app was built. */
export const TRAIN_DOWNLOAD_BYTES: number = __FMNIST_TRAIN_DOWNLOAD_BYTES__;

/**
 * Loads one split from this page's origin (the files Vite emitted), or from the browser's cache when a visit already
 * downloaded it, reporting the combined progress of its two files. `signal` cancels the download.
 */
export function loadData(
  name: 'train' | 'test',
  onProgress?: (progress: DataProgress) => void,
  signal?: AbortSignal,
): Promise<Split> {
  const files = new Map<string, LoadProgress>();
  return loadSplit(name, {
    files: fashionMnistFiles,
    fetch: (input, init) => fetch(input, { ...init, signal }),
    onProgress: (progress) => {
      files.set(progress.file, progress);
      if (!onProgress) return;
      let loaded = 0;
      let total: number | undefined = 0;
      for (const file of files.values()) {
        loaded += file.loaded;
        total = file.total === undefined || total === undefined ? undefined : total + file.total;
      }
      onProgress({ loaded, total: files.size === 2 ? total : undefined });
    },
  });
}

/** "26.5 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
