// Bundles the command into dist/fmnist.js, the file bin/fmnist.js runs. Node's ES-module loader pays for every
// module it resolves, reads and links, and `fmnist --help` would otherwise load ~45 of them; bundled, it loads this
// file and commander. Inlined: the command's own modules and the pure packages @fmnist/data, @fmnist/errors and @fmnist/files
// (their errors are recognised by brand, so a second copy is harmless). External: everything that finds files next
// to its own code (tfjs' .wasm, pretrained weights, the dataset, fonts, worker scripts) or is heavy and loaded on
// demand — @fmnist/model, @fmnist/train, @fmnist/viz, @fmnist/dataset, TensorFlow.js, commander, resvg.
const INLINED = /^@fmnist\/(data|errors|files)$/;

export default {
  input: 'dist/main.js',
  platform: 'node',
  external: (id) => /^[^./]/.test(id) && !INLINED.test(id),
  output: { file: 'dist/fmnist.js', format: 'esm', codeSplitting: false },
};
