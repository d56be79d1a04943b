// Bundles src/main.js with esbuild into dist/, and copies what the page fetches besides code: @fmnist/model's
// pretrained weights and WASM binaries (esbuild emits no `new URL('…', import.meta.url)` assets), the picture and
// the page.
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const model = dirname(createRequire(import.meta.url).resolve('@fmnist/model/package.json'));
await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  splitting: true, // the pure-JS backend, loaded only when asked for, stays in its own file
  minify: true,
  // TensorFlow.js repeats its licence header in every module: keep them in a .LEGAL.txt beside the script, which
  // the page does not fetch (4 kB less on the wire).
  legalComments: 'linked',
  outdir: 'dist',
});
for (const folder of ['pretrained', 'wasm'])
  await cp(join(model, folder), join('dist/assets', folder), { recursive: true });
await cp('src/ankle-boot.png', 'dist/assets/ankle-boot.png');
await cp('index.html', 'dist/index.html');
