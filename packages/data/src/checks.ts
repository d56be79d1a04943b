/**
 * The input checks that the metrics here and the pictures of `@fmnist/viz` share: each says what is wrong, in one
 * line, or returns undefined; the caller throws it as its own error class.
 */

/**
 * Why `label` is not a class index, or undefined when it is an integer in `[0, numClasses)`.
 *
 * @example
 * ```ts
 * labelProblem(10, 10, 'labels[3]'); // "labels[3] is 10, expected an integer from 0 to 9"
 * ```
 */
export function labelProblem(label: number, numClasses: number, what = 'label'): string | undefined {
  return Number.isInteger(label) && label >= 0 && label < numClasses
    ? undefined
    : `${what} is ${label}, expected an integer from 0 to ${numClasses - 1}`;
}

/** Why two arrays that pair up element by element do not, or undefined when their lengths agree. */
export function pairingProblem(
  first: ArrayLike<unknown>,
  second: ArrayLike<unknown>,
  firstName: string,
  secondName: string,
): string | undefined {
  return first.length === second.length
    ? undefined
    : `${firstName} has ${first.length} values but ${secondName} has ${second.length}; they must pair up`;
}
