import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { fraction, integerIn, nonNegativeInteger, positiveInteger, positiveNumber } from './parse.js';

describe('option parsers', () => {
  it('accept positive integers and reject the rest', () => {
    expect(positiveInteger('10')).toBe(10);
    expect(positiveInteger(' 32 ')).toBe(32);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1e3', '0x10', '99999999999999999999']) {
      expect(() => positiveInteger(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('accept non-negative integers', () => {
    expect(nonNegativeInteger('0')).toBe(0);
    expect(() => nonNegativeInteger('-3')).toThrow(InvalidArgumentError);
    expect(() => nonNegativeInteger('2.5')).toThrow(InvalidArgumentError);
  });

  it('accept integers in a range', () => {
    const top = integerIn(1, 10);
    expect(top('10')).toBe(10);
    expect(() => top('11')).toThrow(/from 1 to 10/);
    expect(() => top('0')).toThrow(InvalidArgumentError);
  });

  it('accept positive numbers in decimal or exponent notation', () => {
    expect(positiveNumber('0.001')).toBe(0.001);
    expect(positiveNumber('1e-3')).toBe(0.001);
    for (const bad of ['0', '-0.1', 'NaN', 'Infinity', '', 'fast']) {
      expect(() => positiveNumber(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('accept fractions in [0, 1)', () => {
    expect(fraction('0')).toBe(0);
    expect(fraction('0.1')).toBe(0.1);
    for (const bad of ['1', '1.5', '-0.1', 'x', ''])
      expect(() => fraction(bad)).toThrow(InvalidArgumentError);
  });
});
