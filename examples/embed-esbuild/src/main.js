import { loadClassifier } from '@fmnist/model';

const result = document.querySelector('#result');

// esbuild bundles code only: build.js copies @fmnist/model's pretrained/ and wasm/ folders into assets/ beside the
// bundle, and the page says where they are.
const assets = new URL('./assets/', import.meta.url);

async function run() {
  const image = document.querySelector('#image');
  image.src = new URL('ankle-boot.png', assets).href;
  const [classifier] = await Promise.all([
    loadClassifier({
      model: new URL('pretrained/model.json', assets),
      wasmPaths: new URL('wasm/', assets).href,
    }),
    image.decode(),
  ]);
  // Any picture goes: an <img>, a canvas, a File from an <input type="file">, ImageData, or 784 raw pixels.
  const { className, confidence } = await classifier.classify(image);
  result.textContent = `${className} (${(confidence * 100).toFixed(1)}%) on ${classifier.backend.backend}`;
  document.body.dataset.ms = performance.now().toFixed(0); // since navigation started
  document.body.dataset.state = 'done';
}

run().catch((error) => {
  result.textContent = `error: ${error.message}`;
  document.body.dataset.state = 'error';
  throw error;
});
