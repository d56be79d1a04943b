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
