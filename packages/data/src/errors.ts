import { FmnistError } from '@fmnist/errors';

/** Base class of every error this package throws: catch it to handle any data problem. */
export class FashionMnistDataError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.FashionMnistDataError');
  static override readonly code: string = 'DATA_ERROR';
  override readonly name: string = 'FashionMnistDataError';
}

/** An IDX file is malformed: wrong magic, data type, rank, dimensions or length. */
export class IdxFormatError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.IdxFormatError');
  static override readonly code: string = 'IDX_FORMAT';
  override readonly name: string = 'IdxFormatError';
}

/** A gzip file is truncated or corrupt. */
export class GzipError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.GzipError');
  static override readonly code: string = 'GZIP_CORRUPT';
  override readonly name: string = 'GzipError';
}

/** Decompressed content does not have the SHA-256 or size the manifest expects. */
export class ChecksumMismatchError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.ChecksumMismatchError');
  static override readonly code: string = 'CHECKSUM_MISMATCH';
  override readonly name: string = 'ChecksumMismatchError';
}

/** Images and labels of one split disagree in count. */
export class CountMismatchError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.CountMismatchError');
  static override readonly code: string = 'COUNT_MISMATCH';
  override readonly name: string = 'CountMismatchError';
}

/** No source had the dataset, or a named source lacks a file. */
export class DatasetNotFoundError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.DatasetNotFoundError');
  static override readonly code: string = 'DATASET_NOT_FOUND';
  override readonly name: string = 'DatasetNotFoundError';
}

/** The cache directory cannot be written. */
export class DatasetCacheError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.DatasetCacheError');
  static override readonly code: string = 'DATASET_CACHE';
  override readonly name: string = 'DatasetCacheError';
}

/** Every mirror failed to deliver a file. */
export class DownloadError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.DownloadError');
  static override readonly code: string = 'DOWNLOAD_FAILED';
  override readonly name: string = 'DownloadError';
}

/**
 * One HTTP transfer failed: a non-2xx answer (`status` says which) or a connection cut short (`status` undefined).
 * `fetchFile` retries it unless the status is a 4xx, then reports it inside a {@link DownloadError}.
 */
export class HttpError extends FashionMnistDataError {
  static override readonly brand: symbol = Symbol.for('@fmnist/data.HttpError');
  static override readonly code: string = 'HTTP_FAILED';
  override readonly name: string = 'HttpError';
  /** The HTTP status of the answer; undefined when the connection was cut. */
  readonly status: number | undefined;

  constructor(url: string, problem: string, status?: number) {
    super(`${url}: ${problem}`, { path: url });
    this.status = status;
  }

  /** Whether trying again could help: a cut connection or a server error, not a client error such as 404. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500;
  }
}
