import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Model } from '../app.js';

/** A model's topology and weights as plain data, to post between the page and the training worker. */
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

/** The model back from {@link toArtifacts}' data. */
export function fromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<Model> {
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}
