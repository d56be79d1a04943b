import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isGzip } from './dataset.js';
import { type Codec, corruptGzip } from './fetch.js';

const gunzipAsync = promisify(gunzip);

/** Node's zlib and crypto: several times faster than the Web APIs in Node, and off the main thread. */
export const nodeCodec: Codec = {
  async gunzipIfNeeded(bytes, location) {
    if (!isGzip(bytes)) return bytes;
    try {
      const content = await gunzipAsync(bytes);
      return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
    } catch (error) {
      throw corruptGzip(location, error);
    }
  },
  async sha256Hex(bytes) {
    return createHash('sha256').update(bytes).digest('hex');
  },
};
