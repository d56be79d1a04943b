import { initBackend } from '@fmnist/model';
import { createModel, loadClassifier } from '@fmnist/model/layers';
import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { toArtifacts } from './artifacts.js';

describe('model artifacts between the page and the training worker', () => {
  it('make a classifier with the same answers, leaking no tensors (the e2e tests post them for real)', async () => {
    await initBackend();
    const model = createModel({ seed: 3 });
    const input = tf.randomUniform([2, 28, 28], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    const copy = await loadClassifier({ model: await toArtifacts(model) });
    const [expected, actual] = [model, copy.model].map((m) =>
      tf.tidy(() => Array.from((m.predict(input) as tf.Tensor).dataSync())),
    );
    expect(actual).toEqual(expected);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input]);
    model.dispose();
  });
});
