import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GzipError } from './errors.js';
import { gunzipPresized, gzipDeclaredSize, readDecompressed } from './node-codec.js';

const content = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);

describe('gunzipPresized', () => {
  it('decompresses into the one buffer zlib filled, sized from the trailer', async () => {
    const packed = gzipSync(content);
    expect(gzipDeclaredSize(packed)).toBe(content.length);
    const out = await gunzipPresized(packed, 'a.gz');
    expect(Buffer.from(out).equals(Buffer.from(content))).toBe(true);
    expect(out.buffer.byteLength).toBe(content.length + 1);
  });

  it('decompresses a multi-member file whole, though its trailer gives the last member only', async () => {
    const packed = Buffer.concat([gzipSync(content), gzipSync(content.subarray(0, 10))]);
    expect(gzipDeclaredSize(packed)).toBe(10);
    const out = await gunzipPresized(packed, 'b.gz');
    expect(Buffer.from(out).equals(Buffer.concat([content, content.subarray(0, 10)]))).toBe(true);
  });

  it('allocates nothing for an impossible trailer size, and reports the file as corrupt', async () => {
    const packed = gzipSync(content.subarray(0, 1000));
    packed.writeUInt32LE(0xffff_ffff, packed.length - 4);
    expect(gzipDeclaredSize(packed)).toBeUndefined();
    await expect(gunzipPresized(packed, 'c.gz')).rejects.toThrow(GzipError);
    await expect(gunzipPresized(packed, 'c.gz')).rejects.toThrow(/^c\.gz: corrupt or truncated gzip data/);
  });
});

describe('readDecompressed', () => {
  it('streams a gzip file into a buffer of its content size, and reads a plain file as it is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fmnist-codec-'));
    try {
      await writeFile(join(dir, 'a.gz'), gzipSync(content));
      await writeFile(join(dir, 'a'), content);
      const packed = await readDecompressed(join(dir, 'a.gz'));
      expect(Buffer.from(packed.content).equals(Buffer.from(content))).toBe(true);
      expect(packed.content.buffer.byteLength).toBe(content.length + 1);
      expect(packed.stats.size).toBeLessThan(content.length);
      const plain = await readDecompressed(join(dir, 'a'));
      expect(Buffer.from(plain.content).equals(Buffer.from(content))).toBe(true);
      await writeFile(join(dir, 'cut.gz'), gzipSync(content).subarray(0, 500));
      await expect(readDecompressed(join(dir, 'cut.gz'))).rejects.toThrow(GzipError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
