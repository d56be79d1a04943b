// Classifies a photo and one Fashion-MNIST test image (index from argv, default 0) with the pretrained model, then
// the whole test set. The classifier starts TensorFlow.js's WASM backend by itself.
import { CLASS_NAMES, imageAt, loadFashionMnist } from '@fmnist/data';
import { loadClassifier } from '@fmnist/model';

const classifier = await loadClassifier();
const { test, source } = await loadFashionMnist(); // @fmnist/dataset is installed, so this works offline
console.log(`data: ${source.kind}, backend: ${classifier.backend.backend}`);

// A picture file (a path, or the bytes of a PNG or JPEG) goes through the picture pipeline and is judged.
const photo = await classifier.classify('sneaker.jpg');
console.log(
  `sneaker.jpg: ${photo.className} (${(photo.confidence * 100).toFixed(1)}%), ${photo.verdict.confident ? 'sure' : photo.verdict.hint}`,
);

const index = Number(process.argv[2] ?? 0);
const { className, confidence } = await classifier.classify(imageAt(test, index)); // 784 pixels, 0–255
console.log(
  `test image ${index}: ${className} (${(confidence * 100).toFixed(1)}%), true label ${CLASS_NAMES[test.labels[index]]}`,
);

const predictions = await classifier.classifyBatch(test.images);
const correct = predictions.filter((p, i) => p.label === test.labels[i]).length;
console.log(`accuracy on the ${test.count} test images: ${(correct / test.count).toFixed(4)}`);
