/**
 * Option value parsers for commander: each returns the parsed value or throws commander's InvalidArgumentError,
 * which commander reports as a usage error (exit 2).
 */
import { InvalidArgumentError } from 'commander';

const INTEGER = /^[0-9]+$/;

/** A whole number ≥ 1, written in decimal digits. */
export function positiveInteger(value: string): number {
  const n = INTEGER.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** A whole number ≥ 0, written in decimal digits. */
export function nonNegativeInteger(value: string): number {
  const n = INTEGER.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

/** A whole number in `[min, max]`. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = INTEGER.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

function toNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/** A finite number > 0 (decimal or exponent notation: `0.001`, `1e-3`). */
export function positiveNumber(value: string): number {
  const n = toNumber(value);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** A fraction in [0, 1). */
export function fraction(value: string): number {
  const n = toNumber(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a number in [0, 1), e.g. 0.1.');
  return n;
}

/** Comma-separated items parsed by `item`, with the item's complaint naming the bad one. */
function listOf<T>(item: (value: string) => T[]): (value: string) => T[] {
  return (value) => {
    const parts = value.split(',').map((part) => part.trim());
    if (parts.some((part) => part === '')) throw new InvalidArgumentError('expected a comma-separated list.');
    return parts.flatMap((part) => {
      try {
        return item(part);
      } catch (error) {
        throw new InvalidArgumentError(`'${part}': ${(error as Error).message}`);
      }
    });
  };
}

/** Hidden layer sizes, `128,128` or `256,128,64`: one or more positive integers. */
export const hiddenSizes: (value: string) => number[] = listOf((part) => [positiveInteger(part)]);

/** Seeds, `1,2,5` or ranges `1-8`: non-negative integers. */
export const seedList: (value: string) => number[] = listOf((part) => {
  const range = /^([0-9]+)-([0-9]+)$/.exec(part);
  if (!range) return [nonNegativeInteger(part)];
  const [from, to] = [Number(range[1]), Number(range[2])];
  if (to < from || to - from >= 10_000)
    throw new InvalidArgumentError('expected a range low-high, low ≤ high.');
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
});

/** Positive integers, `32,64`. */
export const positiveIntegerList: (value: string) => number[] = listOf((part) => [positiveInteger(part)]);

/** Positive numbers, `0.001,3e-3`. */
export const positiveNumberList: (value: string) => number[] = listOf((part) => [positiveNumber(part)]);

/** `i/n` with 1 ≤ i ≤ n: one shard of n. */
export function shardSpec(value: string): { index: number; count: number } {
  const match = /^([0-9]+)\/([0-9]+)$/.exec(value.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(index >= 1 && count >= 1 && index <= count)) {
    throw new InvalidArgumentError('expected i/n with 1 ≤ i ≤ n, e.g. 2/4.');
  }
  return { index, count };
}
