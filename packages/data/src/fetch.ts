import { ByteSink } from './byte-sink.js';
import { isGzip } from './dataset.js';
import { GzipError, HttpError } from './errors.js';

/** Progress of one file's transfer; `total` is undefined when the server does not say. */
export interface LoadProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number | undefined;
}

/** Fetches `url` completely, reporting progress; throws `HttpError` on a non-2xx answer or a cut connection. */
export async function fetchBytes(
  url: string,
  fetchImpl: typeof fetch,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Uint8Array> {
  const response = await fetchImpl(url);
  if (!response.ok)
    throw new HttpError(url, `HTTP ${response.status} ${response.statusText}`, response.status);
  if (!response.body) throw new HttpError(url, `HTTP ${response.status} with no body`);
  // With a Content-Encoding the body arrives decoded, so Content-Length (the encoded size) says nothing about it.
  const encoding = response.headers.get('content-encoding');
  const declared =
    encoding && encoding !== 'identity' ? Number.NaN : Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  const file = url.slice(url.lastIndexOf('/') + 1);
  const sink = new ByteSink(total ?? 1 << 20);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    sink.append(value);
    onProgress?.({ file, loaded: sink.received, total });
  }
  if (total !== undefined && sink.received !== total)
    throw new HttpError(url, `connection closed after ${sink.received} of ${total} bytes`);
  return sink.bytes();
}

/** How a platform decompresses and hashes: Web APIs everywhere, Node's zlib and crypto where faster. */
export interface Codec {
  /** Decompresses gzip data (recognised by its magic number); other data is returned as it is. */
  gunzipIfNeeded(bytes: Uint8Array, location: string): Promise<Uint8Array>;
  /** SHA-256 of `bytes` as lowercase hex. */
  sha256Hex(bytes: Uint8Array): Promise<string>;
}

/** The codec on Web APIs: `DecompressionStream` and Web Crypto. */
export const webCodec: Codec = {
  async gunzipIfNeeded(bytes, location) {
    if (!isGzip(bytes)) return bytes;
    try {
      const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (error) {
      throw corruptGzip(location, error);
    }
  },
  async sha256Hex(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  },
};

/** The error for gzip data that does not decompress. */
export function corruptGzip(location: string, cause: unknown): GzipError {
  return new GzipError(
    `${location}: corrupt or truncated gzip data (${(cause as Error).message}); download the file again`,
  );
}
