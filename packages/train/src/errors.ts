/** The loss became NaN or infinite: training stopped, and the model holds the last good epoch's weights. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

/** The fast path cannot train this model (say why); `train` falls back to tfjs-layers unless forced. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}
