import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { fashionMnistFiles } from './index.js';

describe('fashionMnistFiles', () => {
  it.each(Object.entries(fashionMnistFiles))(
    '%s decompresses to the size and SHA-256 in the manifest',
    (_, file) => {
      const content = gunzipSync(readFileSync(fileURLToPath(file.url)));
      expect(content.length).toBe(file.bytes);
      expect(createHash('sha256').update(content).digest('hex')).toBe(file.sha256);
    },
  );

  it('points at files named after the IDX content', () => {
    for (const file of Object.values(fashionMnistFiles)) {
      expect(file.url.pathname.endsWith(`/data/${file.name}.gz`)).toBe(true);
    }
  });
});
