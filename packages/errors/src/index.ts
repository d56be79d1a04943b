/**
 * `@fmnist/errors`: the one error base of the fmnist packages.
 *
 * Every error an fmnist package throws on purpose is a {@link FmnistError}: a one-line `message` that names what is
 * wrong, a stable `code` to branch on (the wording of messages may change, codes do not), the `path` or `flag` at
 * fault when there is one, and a `hint` that says what to do. `instanceof` (and `isInstance`) recognise the classes
 * by a `Symbol.for` brand rather than by identity, so an error thrown by one installed copy of a package is
 * recognised by another copy of it.
 *
 * @example
 * ```ts
 * import { FmnistError } from '@fmnist/errors';
 * try {
 *   await loadModel('out/model');
 * } catch (error) {
 *   if (!(error instanceof FmnistError)) throw error;
 *   console.error(`${error.message}${error.hint ? `; ${error.hint}` : ''}`); // out/model: not found; pass …
 *   process.exitCode = error.code === 'MODEL_NOT_FOUND' ? 3 : 1;
 * }
 * ```
 */
export { FmnistError, type FmnistErrorOptions, InvalidArgumentError, PathError } from './errors.js';
