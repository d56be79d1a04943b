/**
 * Errors thrown by `@fmnist/model`, each a {@link FmnistError} from `@fmnist/errors`: a one-line message that names
 * the file (or input) at fault and says what to do about it, a stable `code`, and the underlying error, if any, as
 * `cause`.
 */
import { FmnistError, type FmnistErrorOptions, PathError } from '@fmnist/errors';

/**
 * A saved model could not be read: a missing directory or file (code `MODEL_NOT_FOUND`), bad JSON, an unexpected
 * topology or weights size (`MODEL_LOAD`).
 *
 * @example
 * ```ts
 * try {
 *   await loadModel('out/model');
 * } catch (error) {
 *   if (error instanceof ModelLoadError) console.error(error.message); // "out/model/weights.bin: 40 bytes too short: …"
 *   else throw error;
 * }
 * ```
 */
export class ModelLoadError extends PathError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelLoadError');
  static override readonly code: string = 'MODEL_LOAD';
  override readonly name: string = 'ModelLoadError';
}

/** A model could not be saved: the directory is not writable, or the destination URL has no tfjs save handler. */
export class ModelSaveError extends PathError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelSaveError');
  static override readonly code: string = 'MODEL_SAVE';
  override readonly name: string = 'ModelSaveError';
}

/** The pixels given to `classify` / `classifyBatch` are not a 28×28 image (or batch of them) in a supported form. */
export class ImageInputError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.ImageInputError');
  static override readonly code: string = 'IMAGE_INPUT';
  override readonly name: string = 'ImageInputError';
}

/** The model given to `classify` / `classifyBatch` is not a classifier of the 10 Fashion-MNIST classes. */
export class ModelInputError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelInputError');
  static override readonly code: string = 'MODEL_INPUT';
  override readonly name: string = 'ModelInputError';
}

/** The model was used after `dispose()` freed its weights: load or create it again. */
export class ModelDisposedError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.ModelDisposedError');
  static override readonly code: string = 'MODEL_DISPOSED';
  override readonly name: string = 'ModelDisposedError';
}

/**
 * A tfjs backend could not start: WebAssembly is missing, the `.wasm` file could not be fetched, or the backend's
 * initialisation failed. The message names the fallback (the pure-JS `cpu` backend).
 *
 * @example
 * ```ts
 * try {
 *   await initBackend();
 * } catch (error) {
 *   if (error instanceof BackendUnavailableError) await initBackend({ backend: 'cpu' });
 *   else throw error;
 * }
 * ```
 */
export class BackendUnavailableError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/model.BackendUnavailableError');
  static override readonly code: string = 'BACKEND_UNAVAILABLE';
  override readonly name: string = 'BackendUnavailableError';
  /** The backend that did not start. */
  readonly backend: string;

  constructor(backend: string, problem: string, options?: FmnistErrorOptions) {
    super(`the ${backend} backend: ${problem}`, options);
    this.backend = backend;
  }
}
