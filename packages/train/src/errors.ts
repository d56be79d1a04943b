import { FmnistError, type FmnistErrorOptions, PathError } from '@fmnist/errors';

/** The loss became NaN or infinite: training stopped, and the model holds the last good epoch's weights. */
export class TrainingDivergedError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/train.TrainingDivergedError');
  static override readonly code: string = 'TRAINING_DIVERGED';
  override readonly name: string = 'TrainingDivergedError';
}

/** `train` cannot train this model, or not with the trainer asked for; the message says why. */
export class UnsupportedModelError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/train.UnsupportedModelError');
  static override readonly code: string = 'UNSUPPORTED_MODEL';
  override readonly name: string = 'UnsupportedModelError';
}

/** A folder of labelled photos (`--photos`) cannot be read or holds no photo of a known class. */
export class PhotoFolderError extends PathError {
  static override readonly brand: symbol = Symbol.for('@fmnist/train.PhotoFolderError');
  static override readonly code: string = 'PHOTO_FOLDER';
  override readonly name: string = 'PhotoFolderError';

  constructor(dir: string, problem: string, options?: Omit<FmnistErrorOptions, 'path'>) {
    super(dir, problem, { hint: 'pass a folder of class-named folders of photos', ...options });
  }
}

/** A trainer was used after `dispose()` freed its memory: make a new one. */
export class TrainerDisposedError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/train.TrainerDisposedError');
  static override readonly code: string = 'TRAINER_DISPOSED';
  override readonly name: string = 'TrainerDisposedError';
}

/** The two-thread fast trainer's worker thread failed or stopped answering; training with one thread avoids it. */
export class TrainerWorkerError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/train.TrainerWorkerError');
  static override readonly code: string = 'TRAINER_WORKER';
  override readonly name: string = 'TrainerWorkerError';
}
