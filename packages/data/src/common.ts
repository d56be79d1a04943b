// What both entry points (Node and browser) export besides their loaders.
export * from './batches.js';
export * from './constants.js';
export type { DataSource, FashionMnist, LoadedSplit } from './dataset.js';
export * from './errors.js';
export type { LoadProgress } from './fetch.js';
export { type IdxArray, parseIdx } from './idx.js';
export * from './split.js';
