/**
 * In Node, the built package loads TensorFlow.js through require() (the `#tfjs-*` imports and the shims that
 * `scripts/tfjs-node.mjs` writes into dist/), never through the ES-module loader, and the shims lose no name.
 * Spawns Node on the build: `npx turbo run build --filter=@fmnist/model` first (turbo's `test` task does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';

const PACKAGE = resolve(__dirname, '..');
const SHIMS = ['core', 'layers', 'backend-wasm', 'backend-cpu'];

/**
 * Runs `body` as an ES module in the package's folder, with a resolve hook that reports every `@tensorflow/*`
 * specifier the ES-module loader resolves; prints `{ esm, required, result }` as JSON.
 */
function runWatched(body: string): { esm: string[]; required: string[]; result: unknown } {
  const hook = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@tensorflow/')) port.postMessage(specifier);
  return next(specifier, context);
}`;
  const script = `import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const esm = [];
port1.on('message', (specifier) => esm.push(specifier));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), {
  data: { port: port2 },
  transferList: [port2],
});
const result = await (async () => { ${body} })();
await new Promise((settle) => setTimeout(settle, 200)); // the hook thread's last messages
port1.close();
const required = Object.keys(createRequire(import.meta.url).cache)
  .map((path) => path.match(/@tensorflow\\/([\\w-]+)\\//)?.[1])
  .filter((name) => name !== undefined);
console.log(JSON.stringify({ esm: [...new Set(esm)].sort(), required: [...new Set(required)].sort(), result }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '');
}

beforeAll(() => {
  for (const name of SHIMS) {
    const shim = resolve(PACKAGE, `dist/tfjs-node/${name}.js`);
    if (!existsSync(shim)) {
      throw new Error(`${shim} is missing; build first: npx turbo run build --filter=@fmnist/model`);
    }
  }
});

describe('TensorFlow.js in Node', () => {
  it('the watch sees an ES import of tfjs (the check below can fail)', () => {
    const run = runWatched("await import('@tensorflow/tfjs-core'); return null;");
    expect(run.esm).toEqual(['@tensorflow/tfjs-core']);
  });

  it('@fmnist/model classifies with tfjs loaded by require() alone', () => {
    const run = runWatched(`const { loadClassifier } = await import('@fmnist/model');
const classifier = await loadClassifier();
const { label } = await classifier.classify(new Uint8Array(784));
classifier.dispose();
return label;`);
    expect(run.esm).toEqual([]);
    expect(run.required).toEqual(expect.arrayContaining(['tfjs-backend-wasm', 'tfjs-core', 'tfjs-layers']));
    expect(typeof run.result).toBe('number');
  });

  it.each(SHIMS)('the %s shim exports every name an ES import of the package gives', (name) => {
    const run = runWatched(`const shim = await import('#tfjs-${name}');
const real = await import('@tensorflow/tfjs-${name}');
return {
  missing: Object.keys(real).filter((key) => !(key in shim)),
  same: Object.keys(real).every((key) => key === 'default' || shim[key] === real[key]),
};`);
    expect(run.result).toEqual({ missing: [], same: true });
  });
});
