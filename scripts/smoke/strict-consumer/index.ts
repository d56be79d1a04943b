// Compiled by the smoke test against the installed tarballs with `strict` and without `skipLibCheck`, under
// moduleResolution node16 and bundler: the main entry points' types, and @fmnist/model/layers', must compile clean
// for such a consumer.
import { loadFashionMnist } from '@fmnist/data';
import {
  type Classification,
  type Classifier,
  type ClassifierModel,
  type Evaluation,
  evaluate,
  loadClassifier,
  type PictureInput,
  type Prediction,
} from '@fmnist/model';
import { DEFAULT_HIDDEN_UNITS } from '@fmnist/model/constants';
import { createModel, type LayersModel, loadPretrained, summary } from '@fmnist/model/layers';
import { preparePicture } from '@fmnist/picture';

const classifier: Classifier = await loadClassifier();
const picture: PictureInput = { pixels: new Uint8Array(784) };
const prediction: Prediction = await classifier.classify(picture);
const photo: Classification = await classifier.classify('photo.jpg');
const [prepared, drawn] = await classifier.classifyBatch([
  await preparePicture('photo.png'),
  new Uint8Array(784),
]);
const model: ClassifierModel = classifier.model;
const { test } = await loadFashionMnist();
const scored: Evaluation = evaluate(model, test);
console.log(prediction.className, prediction.confidence, scored.accuracy, DEFAULT_HIDDEN_UNITS.length);
console.log(photo.verdict?.confident, photo.picture?.crop, prepared?.verdict, drawn?.label);
classifier.dispose();
const fresh: LayersModel = createModel({ seed: 1, hiddenUnits: DEFAULT_HIDDEN_UNITS });
const pretrained = await loadPretrained('photos');
console.log(
  summary(fresh),
  fresh.layers.map((layer) => layer.getClassName()),
  pretrained.getWeights().length,
);
fresh.dispose();
pretrained.dispose();
