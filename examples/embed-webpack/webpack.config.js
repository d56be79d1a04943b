// Nothing about TensorFlow.js or @fmnist/model here: webpack 5 emits the .wasm, model.json and weights.bin files
// the package refers to with `new URL('…', import.meta.url)` as assets by itself.
export default {
  mode: 'production',
  entry: './src/main.js',
  output: { path: new URL('./dist/', import.meta.url).pathname, clean: true },
  performance: { hints: false },
};
