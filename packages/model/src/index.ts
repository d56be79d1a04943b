/**
 * `@fmnist/model`: the Fashion-MNIST classifier as a tfjs Layers model: save, load, classify, evaluate, and
 * pretrained weights. Saving and loading come from `#io`, which the package's `"imports"` map resolves to
 * `io-node.ts` in Node (directories on disk, `file://`) and to `io-browser.ts` for bundlers (the `"browser"`
 * condition: tfjs URL schemes only), so Node and browsers share this one entry point.
 */

export {
  type Classifier,
  loadClassifier,
  loadModel,
  loadPretrained,
  type ModelLocation,
  type PictureInput,
  saveModel,
} from '#io';
export * from './common.js';
