import { ChecksumMismatchError, DownloadError } from '@fmnist/data';
import { FmnistError } from '@fmnist/errors';
import { describe, expect, it } from '@jest/globals';
import { CliError, EXIT, exitCodeOf, formatError, NothingToDrawError, UsageError } from './errors.js';

describe('formatError', () => {
  it('prints our errors as message; hint on one line', () => {
    const error = new DownloadError('train-images: could not be fetched', { hint: 'check the network' });
    expect(formatError(error, false)).toBe('fmnist: train-images: could not be fetched; check the network\n');
    expect(formatError(new CliError('out: cannot write'), false)).toBe('fmnist: out: cannot write\n');
  });

  it("says what to do in the command's terms where a library's hint names an API option, by code", () => {
    const error = new ChecksumMismatchError('a.gz: decompressed content is 3 bytes', {
      hint: 'replace the file (or pass verify: false for custom IDX data)',
    });
    expect(formatError(error, false)).toBe(
      'fmnist: a.gz: decompressed content is 3 bytes; replace the file with the original Fashion-MNIST one ' +
        '(or pass --no-verify for custom IDX data)\n',
    );
  });

  it('sends foreign errors to --verbose, which prints the stack and the causes', () => {
    const foreign = new TypeError('x is not a function\n    more');
    expect(formatError(foreign, false)).toBe(
      'fmnist: x is not a function (run with --verbose for details)\n',
    );
    const wrapped = new FmnistError('outer', { cause: foreign });
    const verbose = formatError(wrapped, true);
    expect(verbose).toMatch(/^fmnist: outer\nFmnistError: outer\n {4}at /);
    expect(verbose).toContain('Caused by: TypeError: x is not a function');
  });
});

describe('exitCodeOf', () => {
  it('is 2 for usage errors and 1 for every other failure', () => {
    expect(exitCodeOf(new UsageError('--out x: give a file name ending in .svg', { flag: '--out' }))).toBe(
      EXIT.usage,
    );
    expect(exitCodeOf(new NothingToDrawError('nothing'))).toBe(EXIT.error);
    expect(exitCodeOf(new CliError('x'))).toBe(EXIT.error);
    expect(exitCodeOf(new Error('x'))).toBe(EXIT.error);
  });
});

describe('every error class of the packages', () => {
  it('extends FmnistError, declares its own brand and code, and is named as exported', async () => {
    const modules = {
      '@fmnist/data': await import('@fmnist/data'),
      '@fmnist/picture': await import('@fmnist/picture'),
      '@fmnist/model': await import('@fmnist/model'),
      '@fmnist/train': await import('@fmnist/train'),
      '@fmnist/viz': await import('@fmnist/viz'),
      '@fmnist/cli': await import('./errors.js'),
    };
    const classes = Object.entries(modules).flatMap(([module, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
        .map(([name, value]) => ({ module, name, type: value as typeof FmnistError })),
    );
    expect(classes.length).toBeGreaterThanOrEqual(20);
    const codes = new Set<string>();
    for (const { module, name, type } of classes) {
      expect({
        module,
        name,
        extendsBase: Object.prototype.isPrototypeOf.call(FmnistError.prototype, type.prototype),
      }).toEqual({
        module,
        name,
        extendsBase: true,
      });
      expect(Object.hasOwn(type, 'brand') && Object.hasOwn(type, 'code')).toBe(true);
      expect(Symbol.keyFor(type.brand)).toBe(`${module}.${name}`);
      codes.add(type.code);
    }
    expect(codes.size).toBe(classes.length);
  });
});
