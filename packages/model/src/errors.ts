/**
 * Errors thrown by `@fmnist/model`. Each has a one-line message that names the file (or input) at fault and says
 * what to do about it; the underlying error, if any, is kept as `cause`.
 */

/**
 * A saved model could not be read: a missing directory or file, bad JSON, an unexpected topology or weights size.
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
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  /** The file, directory or URL that could not be loaded. */
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

/** A model could not be saved: the directory is not writable, or the destination URL has no tfjs save handler. */
export class ModelSaveError extends Error {
  override readonly name = 'ModelSaveError';
  /** The directory or URL the model was being saved to. */
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

/** The pixels given to `classify` / `classifyBatch` are not a 28×28 image (or batch of them) in a supported form. */
export class ImageInputError extends Error {
  override readonly name = 'ImageInputError';
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
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  /** The backend that did not start. */
  readonly backend: string;

  constructor(backend: string, problem: string, options?: { cause?: unknown }) {
    super(`the ${backend} backend: ${problem}`, options);
    this.backend = backend;
  }
}
