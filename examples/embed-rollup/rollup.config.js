// Rollup emits no `new URL('…', import.meta.url)` assets by itself: importMetaAssets emits the .wasm files,
// model.json and weights.bin that @fmnist/model refers to that way (and the page's picture). nodeResolve picks the
// package's "browser" entry point; commonjs reads TensorFlow.js's CommonJS parts; terser minifies, as for any page
// (TensorFlow.js unminified is about twice the bytes on the wire).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';

export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es' },
  plugins: [nodeResolve({ browser: true }), commonjs(), importMetaAssets(), terser()],
};
