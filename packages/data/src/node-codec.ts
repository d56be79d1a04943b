import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ByteSink } from './byte-sink.js';
import { isGzip } from './dataset.js';
import { type Codec, corruptGzip } from './fetch.js';

/** Deflate's best case is about 1032:1; a trailer claiming more than that is lying, and is not allocated. */
const MAX_DEFLATE_RATIO = 1032;
/** Below this, zlib's output buffers come from Node's shared pool, which must never be kept. */
const MIN_CHUNK = 64 * 1024;
/** Header (10) and trailer (8) bytes around every gzip member's deflate data. */
const GZIP_OVERHEAD = 18;

/**
 * The decompressed size a gzip file of `fileBytes` bytes announces in `trailer` (its last four bytes, ISIZE,
 * little-endian, modulo 2³²), or `undefined` when that cannot be the size of what the file holds.
 */
function declaredSize(trailer: Uint8Array, fileBytes: number): number | undefined {
  if (fileBytes < GZIP_OVERHEAD || trailer.length !== 4) return undefined;
  const size = Buffer.from(trailer.buffer, trailer.byteOffset, 4).readUInt32LE(0);
  return size <= (fileBytes - GZIP_OVERHEAD) * MAX_DEFLATE_RATIO ? size : undefined;
}

/** The decompressed size gzip `bytes` announce in their trailer, or `undefined` when it cannot be right. */
export function gzipDeclaredSize(bytes: Uint8Array): number | undefined {
  return declaredSize(bytes.subarray(bytes.length - 4), bytes.length);
}

/**
 * Collects zlib's output. zlib writes into an output buffer of `chunkSize` bytes and hands out consecutive views of
 * it, so with `chunkSize` one more than the announced size, the whole content lands in one buffer of that size,
 * which is kept as it is: no second copy and no garbage chunks. Anything else (a multi-member file, a wrong trailer)
 * is copied into a {@link ByteSink}.
 */
class InflateOutput {
  /** The one buffer zlib filled, while every chunk so far continued it. */
  private whole: ArrayBuffer | undefined;
  private wholeLength = 0;
  private sink: ByteSink | undefined;

  constructor(private readonly declared: number) {}

  append(chunk: Buffer): void {
    const adoptable =
      this.sink === undefined &&
      (this.whole === undefined
        ? chunk.byteOffset === 0 && chunk.buffer.byteLength === this.declared + 1
        : chunk.buffer === this.whole && chunk.byteOffset === this.wholeLength);
    if (adoptable) {
      this.whole = chunk.buffer as ArrayBuffer;
      this.wholeLength += chunk.length;
      return;
    }
    if (this.sink === undefined) {
      this.sink = new ByteSink(Math.max(this.declared, this.wholeLength + chunk.length));
      if (this.whole) this.sink.append(new Uint8Array(this.whole, 0, this.wholeLength));
      this.whole = undefined;
    }
    this.sink.append(chunk);
  }

  bytes(): Uint8Array {
    return this.sink?.bytes() ?? new Uint8Array(this.whole ?? new ArrayBuffer(0), 0, this.wholeLength);
  }
}

/** Compressed bytes read from a file at a time, into one reused buffer. */
const READ_BYTES = 1 << 20;

/**
 * Inflates `input` (bytes in memory, or the gzip file open as `handle`, read piece by piece into one reused
 * buffer) into one buffer sized from the `declared` size (see {@link InflateOutput}).
 */
async function inflateInto(
  input: Uint8Array | { handle: FileHandle; size: number },
  declared: number | undefined,
  fallbackSize: number,
  location: string,
): Promise<Uint8Array> {
  const size = declared ?? fallbackSize;
  const output = new InflateOutput(size);
  const gunzip = createGunzip({ chunkSize: Math.max(size + 1, MIN_CHUNK) });
  gunzip.on('data', (chunk: Buffer) => output.append(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gunzip.on('end', resolve);
    gunzip.on('error', reject);
  });
  ended.catch(() => {}); // awaited below, after the input is written
  try {
    if (input instanceof Uint8Array) {
      gunzip.end(input);
    } else {
      const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, input.size));
      for (let position = 0; position < input.size; ) {
        const { bytesRead } = await input.handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        // The write callback comes once zlib has consumed the piece, so the buffer can be filled again; on corrupt
        // data it may never come, but `ended` fails.
        await Promise.race([
          new Promise<void>((resolve) => gunzip.write(buffer.subarray(0, bytesRead), () => resolve())),
          ended,
        ]);
        position += bytesRead;
      }
      gunzip.end();
    }
    await ended;
  } catch (error) {
    gunzip.destroy();
    throw corruptGzip(location, error);
  }
  return output.bytes();
}

/** Decompresses gzip `bytes` into one buffer sized from their trailer. */
export function gunzipPresized(bytes: Uint8Array, location: string): Promise<Uint8Array> {
  return inflateInto(bytes, gzipDeclaredSize(bytes), bytes.length * 4, location);
}

/**
 * The content of the file at `path`, decompressed if it is gzip (streamed from disk into one buffer sized from the
 * gzip trailer, so neither the compressed file nor pieces of the output are held besides it), and the file's stats
 * as of before it was read.
 */
export async function readDecompressed(path: string): Promise<{ content: Uint8Array; stats: Stats }> {
  const handle = await open(path);
  try {
    const stats = await handle.stat();
    const head = new Uint8Array(2);
    await handle.read(head, 0, 2, 0);
    if (!isGzip(head)) return { content: new Uint8Array(await handle.readFile()), stats };
    const trailer = new Uint8Array(4);
    await handle.read(trailer, 0, 4, Math.max(0, stats.size - 4));
    const content = await inflateInto(
      { handle, size: stats.size },
      declaredSize(trailer, stats.size),
      stats.size * 4,
      path,
    );
    return { content, stats };
  } finally {
    await handle.close();
  }
}

/** Node's zlib and crypto: several times faster than the Web APIs in Node, and off the main thread. */
export const nodeCodec: Codec = {
  async gunzipIfNeeded(bytes, location) {
    return isGzip(bytes) ? gunzipPresized(bytes, location) : bytes;
  },
  async sha256Hex(bytes) {
    return createHash('sha256').update(bytes).digest('hex');
  },
};
