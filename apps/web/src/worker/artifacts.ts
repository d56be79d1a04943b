import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../app.js';

/**
 * A model's topology and weights as plain data, to post between the page and the training worker; the other side
 * makes a classifier of them with `loadClassifier({ model: artifacts })`.
 */
export async function toArtifacts(model: Model): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!saved) throw new Error('the model handed over no artifacts');
  return saved;
}
