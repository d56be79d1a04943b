import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import {
  fraction,
  hiddenSizes,
  integerIn,
  nonNegativeInteger,
  positiveInteger,
  positiveNumber,
  positiveNumberList,
  seedList,
  shardSpec,
} from './parse.js';

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

describe('list parsers', () => {
  it('reads hidden sizes, seed lists and ranges, and shards', () => {
    expect(hiddenSizes('256, 128,64')).toEqual([256, 128, 64]);
    expect(seedList('1-4,9')).toEqual([1, 2, 3, 4, 9]);
    expect(positiveNumberList('0.001,3e-3')).toEqual([0.001, 0.003]);
    expect(shardSpec('2/4')).toEqual({ index: 2, count: 4 });
  });

  it('names the bad item', () => {
    expect(() => hiddenSizes('128,0')).toThrow("'0': expected a positive integer.");
    expect(() => hiddenSizes('128,,64')).toThrow('expected a comma-separated list.');
    expect(() => seedList('5-2')).toThrow("'5-2': expected a range low-high, low ≤ high.");
    expect(() => shardSpec('0/4')).toThrow('expected i/n with 1 ≤ i ≤ n, e.g. 2/4.');
    expect(() => shardSpec('5/4')).toThrow(InvalidArgumentError);
  });
});
