/** Base class of every error this package throws: catch it to handle any data problem. */
export class FashionMnistDataError extends Error {
  override name = 'FashionMnistDataError';
}

/** An IDX file is malformed: wrong magic, data type, rank, dimensions or length. */
export class IdxFormatError extends FashionMnistDataError {
  override name = 'IdxFormatError';
}

/** A gzip file is truncated or corrupt. */
export class GzipError extends FashionMnistDataError {
  override name = 'GzipError';
}

/** Decompressed content does not have the SHA-256 or size the manifest expects. */
export class ChecksumMismatchError extends FashionMnistDataError {
  override name = 'ChecksumMismatchError';
}

/** Images and labels of one split disagree in count. */
export class CountMismatchError extends FashionMnistDataError {
  override name = 'CountMismatchError';
}

/** No source had the dataset, or a named source lacks a file. */
export class DatasetNotFoundError extends FashionMnistDataError {
  override name = 'DatasetNotFoundError';
}

/** Every mirror failed to deliver a file. */
export class DownloadError extends FashionMnistDataError {
  override name = 'DownloadError';
}

/** Labels, predictions or a confusion matrix handed to a metric do not fit together. */
export class MetricsInputError extends FashionMnistDataError {
  override name = 'MetricsInputError';
}
