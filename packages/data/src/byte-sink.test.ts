import { describe, expect, it } from '@jest/globals';
import { ByteSink } from './byte-sink.js';

describe('ByteSink', () => {
  it('returns the buffer it sized up front when the estimate was exact', () => {
    const sink = new ByteSink(5);
    sink.append(Uint8Array.of(1, 2));
    sink.append(Uint8Array.of(3, 4, 5));
    const bytes = sink.bytes();
    expect([...bytes]).toEqual([1, 2, 3, 4, 5]);
    expect(bytes.buffer.byteLength).toBe(5);
  });

  it('grows past a short estimate and cuts a long one to what arrived', () => {
    const grown = new ByteSink(2);
    for (let i = 0; i < 10; i++) grown.append(Uint8Array.of(i, i));
    expect([...grown.bytes()]).toEqual(Array.from({ length: 20 }, (_, i) => i >> 1));
    const long = new ByteSink(100);
    long.append(Uint8Array.of(7));
    expect([...long.bytes()]).toEqual([7]);
    expect(long.received).toBe(1);
  });
});
