/**
 * Errors thrown by `@fmnist/picture`, each a {@link FmnistError} from `@fmnist/errors`: a one-line message that names
 * the picture at fault and says what to do about it, a stable `code`, and the underlying error, if any, as `cause`.
 */
import { PathError } from '@fmnist/errors';

/**
 * A picture could not be read: not a PNG or JPEG, damaged, too large, or not a readable file. The message names the
 * file and what to do.
 *
 * @example
 * ```ts
 * try {
 *   await preparePicture('cat.gif');
 * } catch (error) {
 *   if (error instanceof PictureError) console.error(error.message); // "cat.gif: a GIF image; only PNG and JPEG …"
 *   else throw error;
 * }
 * ```
 */
export class PictureError extends PathError {
  static override readonly brand: symbol = Symbol.for('@fmnist/picture.PictureError');
  static override readonly code: string = 'PICTURE';
  override readonly name: string = 'PictureError';
}
