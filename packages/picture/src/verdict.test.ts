import { describe, expect, it } from '@jest/globals';
import { CONFIDENCE_FLOOR, judgePrediction, notSure, PHOTO_CONFIDENCE_FLOOR } from './verdict.js';

describe('judgePrediction', () => {
  const peaked = [0.01, 0.9, 0.01, 0.01, 0.01, 0.02, 0.01, 0.01, 0.01, 0.01];
  it('trusts a clear winner and not an even spread', () => {
    expect(judgePrediction(peaked)).toEqual({ confident: true });
    expect(judgePrediction(new Array(10).fill(0.1))).toEqual({
      confident: false,
      reason: 'unlike any garment',
      hint: 'the model finds it unlike every garment it learned',
    });
  });

  it('draws the line at CONFIDENCE_FLOOR', () => {
    const top = (p: number) => [p, ...new Array(9).fill((1 - p) / 9)];
    expect(judgePrediction(top(CONFIDENCE_FLOOR)).confident).toBe(true);
    expect(judgePrediction(top(CONFIDENCE_FLOOR - 0.001)).confident).toBe(false);
  });

  it('asks more of a photo that was cut out: PHOTO_CONFIDENCE_FLOOR', () => {
    const top = (p: number) => [p, ...new Array(9).fill((1 - p) / 9)];
    const photo = { verdict: { confident: true } as const, cutout: {} };
    expect(judgePrediction(top(PHOTO_CONFIDENCE_FLOOR), photo).confident).toBe(true);
    expect(judgePrediction(top(PHOTO_CONFIDENCE_FLOOR - 0.001), photo).confident).toBe(false);
    expect(
      judgePrediction(top(PHOTO_CONFIDENCE_FLOOR - 0.001), { verdict: { confident: true } }).confident,
    ).toBe(true);
  });

  it("passes on the picture's own doubt first", () => {
    expect(judgePrediction(peaked, { verdict: notSure('a dot') })).toMatchObject({ reason: 'a dot' });
    expect(judgePrediction(peaked, { verdict: { confident: true } })).toEqual({ confident: true });
  });
});
