/**
 * "Not sure" as an answer: why a picture, or the model's output on it, should not be read as a garment class.
 * Pure functions, no tfjs.
 */

/** Why the answer is "not sure". */
export type NotSureReason =
  | 'all background'
  | 'nearly empty'
  | 'a dot'
  | 'all noise'
  | 'touches the edges'
  | 'unlike any garment';

/** Whether to trust a prediction; when not, the reason and a one-line hint for the user. */
export type Verdict = { readonly confident: true } | NotSure;

/** A "not sure" verdict. */
export interface NotSure {
  readonly confident: false;
  readonly reason: NotSureReason;
  /** What the user can do about it, e.g. "draw something bigger". */
  readonly hint: string;
}

const HINTS: Record<NotSureReason, string> = {
  'all background': 'nothing stands out from the background; show one garment',
  'nearly empty': 'there is almost nothing there; draw something bigger',
  'a dot': 'the picture is only a dot; draw something bigger or crop the photo to the garment',
  'all noise': 'the background is noise or texture; use a plain background',
  'touches the edges':
    'the garment runs off the edges of the photo; step back so all of it is in the frame, on a plain surface',
  'unlike any garment': 'the model finds it unlike every garment it learned',
};

/** The confident verdict. */
export const CONFIDENT: Verdict = Object.freeze({ confident: true });

/** A "not sure" verdict for `reason`, with its hint. */
export function notSure(reason: NotSureReason): NotSure {
  return { confident: false, reason, hint: HINTS[reason] };
}

/**
 * Below this top-class probability the model's answer is "not sure". The pretrained model's top probability is
 * under 0.4 for 0.9% of the 10,000 test images (its own training distribution), so that is the false-alarm rate.
 */
export const CONFIDENCE_FLOOR = 0.4;

/**
 * The floor for photos (pictures cut out with a mask): chosen on the development photos of real clothes so that a
 * confident answer of the photo model is right more than 80% of the time while about half the garment photos still get one,
 * and most photos of garments it has no class for (hats, shorts, skirts) get "not sure".
 */
export const PHOTO_CONFIDENCE_FLOOR = 0.95;

/**
 * Judges a prediction: "not sure" when the picture itself was (nearly empty, a dot, a garment running off the
 * photo, …), or when the model's top probability stays under {@link CONFIDENCE_FLOOR} ({@link PHOTO_CONFIDENCE_FLOOR}
 * for a photo that was cut out), as it does for inputs far from the garments it learned.
 *
 * @example
 * ```ts
 * import { judgePrediction } from '@fmnist/picture';
 * judgePrediction([0.3, 0.3, 0.4, 0, 0, 0, 0, 0, 0, 0]); // { confident: true }
 * judgePrediction([0.2, 0.2, 0.2, 0.2, 0.2, 0, 0, 0, 0, 0]);
 * // { confident: false, reason: 'unlike any garment', hint: 'the model finds it unlike every garment it learned' }
 * ```
 */
export function judgePrediction(
  probabilities: ArrayLike<number>,
  picture?: { readonly verdict: Verdict; readonly cutout?: unknown },
): Verdict {
  if (picture && !picture.verdict.confident) return picture.verdict;
  let top = 0;
  for (let i = 0; i < probabilities.length; i++) top = Math.max(top, probabilities[i] as number);
  const floor = picture?.cutout === undefined ? CONFIDENCE_FLOOR : PHOTO_CONFIDENCE_FLOOR;
  return top < floor ? notSure('unlike any garment') : CONFIDENT;
}
