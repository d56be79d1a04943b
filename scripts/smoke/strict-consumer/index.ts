// Compiled by the smoke test against the installed tarballs with `strict` and without `skipLibCheck`, under
// moduleResolution node16 and bundler: the main entry points' types must compile clean for such a consumer.
import { loadFashionMnist } from '@fmnist/data';
import {
  type Classifier,
  type ClassifierModel,
  type Evaluation,
  evaluate,
  loadClassifier,
  type PictureInput,
  type Prediction,
} from '@fmnist/model';
import { TRAINING_DEFAULTS } from '@fmnist/model/constants';

const classifier: Classifier = await loadClassifier();
const picture: PictureInput = { pixels: new Uint8Array(784) };
const prediction: Prediction = await classifier.classify(picture);
const model: ClassifierModel = classifier.model;
const { test } = await loadFashionMnist();
const scored: Evaluation = evaluate(model, test);
console.log(prediction.className, prediction.confidence, scored.accuracy, TRAINING_DEFAULTS.epochs);
classifier.dispose();
