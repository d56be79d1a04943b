/**
 * `@fmnist/model`: the Fashion-MNIST classifier as a tfjs Layers model: create, compile, summarise, save, load,
 * classify, and pretrained weights. This is the Node entry point; bundlers pick `browser.ts` through the
 * `"browser"` export condition (same API, saving/loading through tfjs URL schemes only).
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
} from './io-node.js';
