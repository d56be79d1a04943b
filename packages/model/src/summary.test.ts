import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createModel } from './model.js';
import { summary } from './summary.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('summary', () => {
  it('lists layers, output shapes and parameter counts like Keras', () => {
    const model = createModel();
    expect(summary(model)).toBe(
      [
        'Model: "fmnist_mlp"',
        '_'.repeat(68),
        ' Layer (type)                    Output Shape            Param #',
        '='.repeat(68),
        ' flatten (Flatten)               (None, 784)             0',
        ' hidden_1 (Dense)                (None, 128)             100,480',
        ' hidden_2 (Dense)                (None, 128)             16,512',
        ' output (Dense)                  (None, 10)              1,290',
        '='.repeat(68),
        'Total params: 118,282',
        'Trainable params: 118,282',
        'Non-trainable params: 0',
        '_'.repeat(68),
      ].join('\n'),
    );
    model.dispose();
  });

  it('counts frozen layers as non-trainable', () => {
    const model = createModel({ hiddenUnits: [32] });
    const hidden = model.getLayer('hidden_1');
    hidden.trainable = false;
    const text = summary(model);
    expect(text).toContain(' hidden_1 (Dense)                (None, 32)              25,120');
    expect(text).toContain('Total params: 25,450\nTrainable params: 330\nNon-trainable params: 25,120');
    model.dispose();
  });

  it('works for functional models with other layers', () => {
    const input = tfl.input({ shape: [4], name: 'in' });
    const output = tfl.layers.dense({ units: 2, name: 'out' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output, name: 'tiny' });
    expect(summary(model).split('\n').slice(0, 6)).toEqual([
      'Model: "tiny"',
      '_'.repeat(68),
      ' Layer (type)                    Output Shape            Param #',
      '='.repeat(68),
      ' in (InputLayer)                 (None, 4)               0',
      ' out (Dense)                     (None, 2)               10',
    ]);
    model.dispose();
  });
});
