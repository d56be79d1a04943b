/**
 * The one gradient kernel a CNN needs that tfjs-backend-wasm 4.22 lacks: `Conv2DBackpropFilter`, the gradient of a
 * 2-D convolution with respect to its filter. Without it `trainOnBatch` of any model with a `conv2d` layer dies on
 * WASM with "Kernel 'Conv2DBackpropFilter' not registered". This is the CPU backend's loop over the WASM backend's
 * memory; `train` registers it before training through tfjs-layers on WASM.
 */

import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { UnsupportedModelError } from './errors.js';

const KERNEL = 'Conv2DBackpropFilter';

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[r, c, i, o] = Σ over batch b and output position (y, x) of input[b, y·sh + r − top, x·sw + c − left, i] ·
 * dy[b, y, x, o], for the channels-last layout tfjs-layers uses.
 */
export function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW')
    throw new UnsupportedModelError(`${KERNEL} on WASM supports the NHWC layout only`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const xs = backend.readSync(x.dataId) as Float32Array;
  const dys = backend.readSync(dy.dataId) as Float32Array;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let r = 0; r < filterHeight; r++) {
    const yMin = Math.max(0, Math.ceil((top - r) / strideHeight));
    const yMax = Math.min(outHeight, (inHeight + top - r) / strideHeight);
    for (let c = 0; c < filterWidth; c++) {
      const xMin = Math.max(0, Math.ceil((left - c) / strideWidth));
      const xMax = Math.min(outWidth, (inWidth + left - c) / strideWidth);
      const cell = (r * filterWidth + c) * inChannels * outChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let y = yMin; y < yMax; y++) {
          const row = b * inHeight + y * strideHeight + r - top;
          for (let xo = xMin; xo < xMax; xo++) {
            const input = (row * inWidth + xo * strideWidth + c - left) * inChannels;
            const output = ((b * outHeight + y) * outWidth + xo) * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const value = xs[input + i] as number;
              if (value === 0) continue;
              const at = cell + i * outChannels;
              for (let o = 0; o < outChannels; o++)
                dW[at + o] = (dW[at + o] as number) + value * (dys[output + o] as number);
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput(filterShape, 'float32');
  backend.typedArrayFromHeap(out).set(dW);
  return out;
}

/** Registers {@link conv2DBackpropFilter} for the WASM backend, unless a kernel of that name is already there. */
export function registerWasmConvGradient(): void {
  if (tf.getKernel(KERNEL, 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilter as tf.KernelFunc,
  });
}
