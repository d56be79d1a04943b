import { CLASS_NAMES } from './classes.js';

/** Option shared by the plots that name classes. */
export interface ClassNamesOption {
  /** Names of the classes by label; defaults to the ten Fashion-MNIST classes. */
  readonly classNames?: readonly string[];
}

export function classNamesOf(options: ClassNamesOption): readonly string[] {
  return options.classNames ?? CLASS_NAMES;
}

/** The name of class `label`, which the caller has already checked is in range. */
export function className(classNames: readonly string[], label: number): string {
  return classNames[label] ?? String(label);
}
