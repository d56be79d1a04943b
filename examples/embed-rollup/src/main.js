import { loadClassifier } from '@fmnist/model';

const imageUrl = new URL('./ankle-boot.png', import.meta.url).href;

const result = document.querySelector('#result');

async function run() {
  const image = document.querySelector('#image');
  image.src = imageUrl;
  // loadClassifier starts TensorFlow.js on WASM and loads the pretrained weights, while the image decodes.
  const [classifier] = await Promise.all([loadClassifier(), image.decode()]);
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
