/**
 * `@fmnist/model`: the Fashion-MNIST classifier as a tfjs Layers model: create, compile, summarise, save, load,
 * classify, and pretrained weights. This is the browser entry point, picked by bundlers through the
 * `"browser"` export condition: the same API as in Node, but saving and loading go through tfjs URL schemes only.
 */
export * from './common.js';
export {
  type Classifier,
  loadClassifier,
  loadModel,
  loadPretrained,
  type ModelLocation,
  type PictureInput,
  saveModel,
} from './io-browser.js';
