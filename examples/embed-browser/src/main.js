import { loadClassifier } from '@fmnist/model';
import imageUrl from './ankle-boot.png';

const result = document.querySelector('#result');

async function run() {
  const classifier = await loadClassifier(); // starts TensorFlow.js on WASM, loads the pretrained weights
  const { className, confidence } = await classifier.classify(await grayPixels(imageUrl));
  result.textContent = `${className} (${(confidence * 100).toFixed(1)}%) on ${classifier.backend.backend}`;
  document.body.dataset.state = 'done';
}

/** The 28×28 grayscale pixels (0–255) of the image at `url`, shown in the page's <img>. */
async function grayPixels(url) {
  const image = document.querySelector('#image');
  image.src = url;
  await image.decode();
  const context = new OffscreenCanvas(28, 28).getContext('2d', { willReadFrequently: true });
  context.drawImage(image, 0, 0, 28, 28);
  const rgba = context.getImageData(0, 0, 28, 28).data;
  return Uint8Array.from({ length: 28 * 28 }, (_, i) => rgba[i * 4]);
}

run().catch((error) => {
  result.textContent = `error: ${error.message}`;
  document.body.dataset.state = 'error';
  throw error;
});
