import { describe, expect, it } from '@jest/globals';
import { labelProblem, pairingProblem } from './checks.js';

describe('labelProblem', () => {
  it('accepts the integers 0 … numClasses − 1 and names anything else', () => {
    for (const label of [0, 5, 9]) expect(labelProblem(label, 10)).toBeUndefined();
    expect(labelProblem(10, 10, 'labels[3]')).toBe('labels[3] is 10, expected an integer from 0 to 9');
    expect(labelProblem(-1, 10)).toBe('label is -1, expected an integer from 0 to 9');
    expect(labelProblem(1.5, 3)).toBe('label is 1.5, expected an integer from 0 to 2');
    expect(labelProblem(Number.NaN, 3)).toBe('label is NaN, expected an integer from 0 to 2');
  });
});

describe('pairingProblem', () => {
  it('accepts arrays of one length and names both otherwise', () => {
    expect(pairingProblem([1, 2], new Uint8Array(2), 'a', 'b')).toBeUndefined();
    expect(pairingProblem([1, 2, 3], [1], 'labels', 'images')).toBe(
      'labels has 3 values but images has 1; they must pair up',
    );
  });
});
