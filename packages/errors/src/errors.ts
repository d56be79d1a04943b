/** The error base: {@link FmnistError} and the options every fmnist error takes. */
/** What an {@link FmnistError} carries besides its message. */
export interface FmnistErrorOptions {
  /** A stable identifier of the kind of failure, e.g. `MODEL_NOT_FOUND`. Default: the class's `code`. */
  readonly code?: string;
  /** The file, directory or URL at fault. */
  readonly path?: string;
  /** The option or command-line flag at fault, e.g. `--out`. */
  readonly flag?: string;
  /** What to do about it, as one clause: `save the model again`. */
  readonly hint?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

type ErrorClass<T> = abstract new (...args: never[]) => T;

/** Whether `value` was marked with `brand` (the constructor marks an error with the brand of each class it is). */
function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * The base of every fmnist error. Subclasses set `name`, a default `code` and their own `brand`
 * (`Symbol.for('<package>.<ClassName>')`), which is what `instanceof` checks.
 *
 * @example
 * ```ts
 * export class ModelLoadError extends FmnistError {
 *   static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelLoadError');
 *   static override readonly code: string = 'MODEL_LOAD';
 *   override readonly name = 'ModelLoadError';
 * }
 * throw new ModelLoadError('out/model.json: not valid JSON', { path: 'out/model.json', hint: 'save the model again' });
 * ```
 */
export class FmnistError extends Error {
  /** The brand of this class; every subclass declares its own. */
  static readonly brand: symbol = Symbol.for('@fmnist/errors.FmnistError');
  /** The `code` of this class's errors unless the thrower gives a more specific one. */
  static readonly code: string = 'FMNIST_ERROR';

  override readonly name: string = 'FmnistError';
  /** A stable identifier of the kind of failure. */
  readonly code: string;
  /** The file, directory or URL at fault, if any. */
  readonly path?: string;
  /** The option or command-line flag at fault, if any. */
  readonly flag?: string;
  /** What to do about it, if anything can be done. */
  readonly hint?: string;

  constructor(message: string, options: FmnistErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const { code, path, flag, hint } = options;
    this.code = code ?? (new.target as typeof FmnistError).code;
    if (path !== undefined) this.path = path;
    if (flag !== undefined) this.flag = flag;
    if (hint !== undefined) this.hint = hint;
    for (let type: unknown = new.target; type !== Error; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type as object, 'brand')) {
        Object.defineProperty(this, (type as typeof FmnistError).brand, { value: true });
      }
    }
  }

  /**
   * Whether `value` is an error of this class (or a subclass), also when it was thrown by another installed copy of
   * the package that defines the class.
   */
  static isInstance<T>(this: ErrorClass<T> & { readonly brand: symbol }, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class the check is called on, maybe a subclass.
    // biome-ignore lint/complexity/noUselessThisAlias: the alias names it; inlined, the rule above fires thrice.
    const type = this;
    return Object.hasOwn(type, 'brand')
      ? hasBrand(value, type.brand)
      : Function.prototype[Symbol.hasInstance].call(type, value);
  }

  /** `instanceof` checks the brand, so it works across duplicate installs as {@link isInstance} does. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, maybe a subclass.
    return FmnistError.isInstance.call(this as ErrorClass<FmnistError> & { brand: symbol }, value);
  }
}

/**
 * A function was called with an argument it cannot work with: a seed that is not finite, an empty list, an index
 * out of range. The message names the function or option and the value.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from '@fmnist/errors';
 * if (!(scale > 0)) throw new InvalidArgumentError(`scale is ${scale}, expected a positive number`);
 * ```
 */
export class InvalidArgumentError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/errors.InvalidArgumentError');
  static override readonly code: string = 'INVALID_ARGUMENT';
  override readonly name: string = 'InvalidArgumentError';
}

/**
 * An error about one file, directory or URL, the base of the packages' errors that name one: the message is
 * `<path>: <problem>` and `path` is always set.
 *
 * @example
 * ```ts
 * import { PathError } from '@fmnist/errors';
 * class ModelLoadError extends PathError {
 *   static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelLoadError');
 *   static override readonly code: string = 'MODEL_LOAD';
 *   override readonly name: string = 'ModelLoadError';
 * }
 * throw new ModelLoadError('out/model', 'no model.json', { hint: 'train a model first' });
 * ```
 */
export class PathError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/errors.PathError');
  static override readonly code: string = 'PATH';
  override readonly name: string = 'PathError';
  /** The file, directory or URL at fault. */
  declare readonly path: string;

  constructor(path: string, problem: string, options?: Omit<FmnistErrorOptions, 'path'>) {
    super(`${path}: ${problem}`, { ...options, path });
  }
}
