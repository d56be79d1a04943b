import { classify, loadPretrained } from '@fmnist/model';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// `?url` makes Vite emit the WASM binaries as assets and gives their served URLs; tfjs would otherwise look for
// them next to its own (bundled) script, where they are not.
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import imageUrl from './ankle-boot.png';

const result = document.querySelector('#result');

async function run() {
  // Threads need a cross-origin-isolated page (COOP/COEP headers); one thread keeps this example servable by any
  // static server. setWasmPaths still wants a URL for every binary, the threaded one included.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasm,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start; see the console');
  const model = await loadPretrained();

  // The pixels of the 28×28 grayscale image (R = G = B), 0–255, as classify() takes them.
  const image = document.querySelector('#image');
  image.src = imageUrl;
  await image.decode();
  const canvas = new OffscreenCanvas(28, 28);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(image, 0, 0, 28, 28);
  const rgba = context.getImageData(0, 0, 28, 28).data;
  const pixels = Uint8Array.from({ length: 28 * 28 }, (_, i) => rgba[i * 4]);

  const { className, confidence } = classify(model, pixels);
  result.textContent = `${className} (${(confidence * 100).toFixed(1)}%) on ${tf.getBackend()}`;
  document.body.dataset.state = 'done';
}

run().catch((error) => {
  result.textContent = `error: ${error.message}`;
  document.body.dataset.state = 'error';
  throw error;
});
