import { parseParams } from './params';

describe('parseParams', () => {
  it('reads the benchmark and training options', () => {
    expect(parseParams('?bench=1&epochs=3&limit=2000&threads=2&batch=64')).toEqual({
      bench: true,
      epochs: 3,
      batchSize: 64,
      limit: 2000,
      threads: 2,
    });
  });
  it('ignores missing, malformed and out-of-range values', () => {
    expect(parseParams('?bench=0&epochs=-1&limit=abc&threads=0&batch=1e3')).toEqual({
      bench: false,
      epochs: undefined,
      batchSize: undefined,
      limit: undefined,
      threads: undefined,
    });
    expect(parseParams('').bench).toBe(false);
    expect(parseParams('?limit=70000').limit).toBeUndefined();
  });
});
