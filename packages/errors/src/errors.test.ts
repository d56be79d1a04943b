import { describe, expect, it, jest } from '@jest/globals';
import { FmnistError } from './errors.js';

class ModelLoadError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/test.ModelLoadError');
  static override readonly code: string = 'MODEL_LOAD';
  override readonly name: string = 'ModelLoadError';
}

class ModelNotFoundError extends ModelLoadError {
  static override readonly brand: symbol = Symbol.for('@fmnist/test.ModelNotFoundError');
  override readonly name = 'ModelNotFoundError';
}

class OtherError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/test.OtherError');
  override readonly name = 'OtherError';
}

/** A second, separately loaded copy of the module, as a duplicate install in node_modules would be. */
function secondCopy(): typeof import('./index.js') {
  let copy: typeof import('./index.js') | undefined;
  jest.isolateModules(() => {
    copy = require('./index.js');
  });
  return copy as typeof import('./index.js');
}

describe('FmnistError', () => {
  it('carries a message, a stable code, the path or flag at fault, a hint and the cause', () => {
    const cause = new Error('ENOENT');
    const error = new ModelLoadError('out/model.json: not valid JSON', {
      path: 'out/model.json',
      hint: 'save the model again',
      cause,
    });
    expect(error.message).toBe('out/model.json: not valid JSON');
    expect(error.code).toBe('MODEL_LOAD');
    expect(error.path).toBe('out/model.json');
    expect(error.flag).toBeUndefined();
    expect(error.hint).toBe('save the model again');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ModelLoadError');
    expect(error.stack).toMatch(/^ModelLoadError: out\/model\.json: not valid JSON\n/);
    expect(new FmnistError('x', { code: 'MODEL_NOT_FOUND', flag: '--model' })).toMatchObject({
      code: 'MODEL_NOT_FOUND',
      flag: '--model',
      name: 'FmnistError',
    });
    expect(new FmnistError('x').code).toBe('FMNIST_ERROR');
  });

  it('a subclass inherits its parent code unless it declares its own', () => {
    expect(new ModelNotFoundError('x').code).toBe('MODEL_LOAD');
    expect(new OtherError('x').code).toBe('FMNIST_ERROR');
  });

  it('instanceof and isInstance follow the class chain and nothing else', () => {
    const notFound = new ModelNotFoundError('x');
    expect(notFound).toBeInstanceOf(Error);
    expect(notFound instanceof FmnistError).toBe(true);
    expect(notFound instanceof ModelLoadError).toBe(true);
    expect(notFound instanceof ModelNotFoundError).toBe(true);
    expect(notFound instanceof OtherError).toBe(false);
    expect(new ModelLoadError('x') instanceof ModelNotFoundError).toBe(false);
    expect(ModelLoadError.isInstance(notFound)).toBe(true);
    expect(OtherError.isInstance(notFound)).toBe(false);
    for (const value of [
      new Error('x'),
      { message: 'x', code: 'MODEL_LOAD' },
      null,
      undefined,
      'MODEL_LOAD',
      3,
    ]) {
      expect(FmnistError.isInstance(value)).toBe(false);
      expect(value instanceof FmnistError).toBe(false);
    }
  });

  it('recognises errors thrown by another copy of the package', () => {
    const copy = secondCopy();
    expect(copy.FmnistError).not.toBe(FmnistError);
    class CopiedLoadError extends copy.FmnistError {
      static override readonly brand: symbol = Symbol.for('@fmnist/test.ModelLoadError');
      override readonly name: string = 'ModelLoadError';
    }
    const fromCopy = new CopiedLoadError('x');
    expect(fromCopy instanceof FmnistError).toBe(true);
    expect(fromCopy instanceof ModelLoadError).toBe(true);
    expect(fromCopy instanceof ModelNotFoundError).toBe(false);
    expect(new ModelNotFoundError('x') instanceof copy.FmnistError).toBe(true);
    expect(new ModelNotFoundError('x') instanceof CopiedLoadError).toBe(true);
  });

  it('a subclass without a brand of its own falls back to ordinary instanceof', () => {
    class Unbranded extends FmnistError {}
    expect(new Unbranded('x') instanceof Unbranded).toBe(true);
    expect(new FmnistError('x') instanceof Unbranded).toBe(false);
    expect(new Unbranded('x') instanceof FmnistError).toBe(true);
  });
});
