import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { IMAGE_PIXELS, parseIdx } from '@fmnist/data';
import { type DatasetFile, fashionMnistFiles } from '@fmnist/dataset';
import { defineConfig, type Plugin } from 'vite';

/**
 * tfjs-backend-wasm starts its pthread workers with `factory.toString()` of the threaded module factory, so that
 * function must not refer to anything outside itself. It refers to one closure variable, `_scriptDir`, guarded by
 * `typeof _scriptDir !== "undefined"`; a minifier renames that variable (to `e`) and, knowing it is declared, drops
 * the guard, so every worker dies with "ReferenceError: e is not defined" and the backend never starts. Keeping
 * the value on `globalThis` instead keeps the guard meaningful inside the workers.
 */
function selfContainedThreadedWasmFactory(): Plugin {
  const file = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
  return {
    name: 'fmnist:self-contained-threaded-wasm-factory',
    enforce: 'pre',
    transform(code, id) {
      if (!file.test(id.split('?')[0] ?? id)) return null;
      const global = 'globalThis.__tfjsWasmThreadedScriptDir';
      const patched = code
        .replace('var _scriptDir =', `${global} =`)
        .replace(/(?<!["'.\w$])_scriptDir\b(?!["'])/g, global);
      if (patched === code) this.warn('tfjs threaded WASM factory: _scriptDir not found, nothing patched');
      return { code: patched, map: null };
    },
  };
}

/**
 * Cross-origin isolation (COOP + COEP) lets the page use SharedArrayBuffer, which the threaded WASM build of
 * TensorFlow.js needs; without it tfjs silently falls back to one thread.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * What tfjs-backend-wasm needs: compiling WebAssembly ('wasm-unsafe-eval'), and for the threaded build pthread
 * workers started from a `blob:` URL that in turn `importScripts` the module factory from another `blob:` URL
 * (workers inherit this policy, so `script-src` needs `blob:` too). viz's SVGs draw images as `data:` PNGs with
 * `style` attributes (pixelated rendering).
 */
function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    // Vite's dev server injects CSS as <style> elements and talks to its client over a WebSocket.
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The dataset files are gzipped IDX (`*.gz`) that the app decompresses itself. Vite's static file server (sirv)
 * takes any `.gz` for a pre-compressed variant and sends it with `Content-Encoding: gzip`, so the browser would
 * decompress it on the fly while `Content-Length` still counts compressed bytes: the progress bar would be wrong
 * and the loader's length check fails. Serve them as what they are: `application/gzip`, no content coding.
 */
function gzipAsData(): Plugin {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!/\.gz(?:\?|$)/.test(req.url ?? '')) return next();
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      for (const arg of args) {
        if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
          const headers = arg as Record<string, unknown>;
          for (const name of Object.keys(headers)) {
            const lower = name.toLowerCase();
            if (lower === 'content-encoding') delete headers[name];
            if (lower === 'content-type') headers[name] = 'application/gzip';
          }
        }
      }
      res.removeHeader('Content-Encoding');
      res.setHeader('Content-Type', 'application/gzip');
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    next();
  };
  return {
    name: 'fmnist:gzip-as-data',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/**
 * Files under `assets/` carry a hash of their content in their name, so a browser may keep them for good: a second
 * visit then asks nothing for them, not even whether they changed. (`vite preview` says `no-cache` otherwise.)
 */
function immutableAssets(): Plugin {
  return {
    name: 'fmnist:immutable-assets',
    configurePreviewServer: (server) =>
      void server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/'))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        next();
      }),
  };
}

/**
 * What the first answer needs besides the scripts, asked for by the HTML itself so that it downloads while the
 * scripts load and run: the WASM engine the page runs (single-threaded SIMD) and the pretrained model's files.
 * Each file is named by where its bundled copy came from; the preloads are `fetch`-type, as the engine and the
 * model loader fetch them.
 */
function preloadFirstAnswer(sources: readonly RegExp[]): Plugin {
  let base = '/';
  return {
    name: 'fmnist:preload-first-answer',
    apply: 'build',
    configResolved: (config) => {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const assets = Object.values(bundle ?? {}).filter((file) => file.type === 'asset');
        return sources.map((source) => {
          const asset = assets.find((file) => file.originalFileNames.some((name) => source.test(name)));
          if (!asset) throw new Error(`preload: no bundled file comes from ${source}`);
          return {
            tag: 'link',
            attrs: { rel: 'preload', as: 'fetch', crossorigin: '', href: `${base}${asset.fileName}` },
            injectTo: 'head',
          };
        });
      },
    },
  };
}

/** What the training split costs to download, so that the page can say so before the visitor starts a run. */
const trainDownloadBytes = [fashionMnistFiles.trainImages, fashionMnistFiles.trainLabels]
  .map((file) => statSync(fileURLToPath(file.url)).size)
  .reduce((a, b) => a + b, 0);

/** Test images shipped inside the page's script, so that the first answer does not wait for the test split. */
const FIRST_TEST_IMAGES = 8;

/** The IDX content of one of the dataset package's files, checked against its SHA-256. */
function idxOf(file: DatasetFile, rank: number) {
  const content = gunzipSync(readFileSync(fileURLToPath(file.url)));
  if (createHash('sha256').update(content).digest('hex') !== file.sha256) {
    throw new Error(`${file.name}: checksum mismatch; reinstall @fmnist/dataset`);
  }
  return parseIdx(content, { file: file.name, rank });
}

/** The first `count` test images (base64 of their pixels, one byte each) and their labels. */
function firstTestImages(count: number): { images: string; labels: number[] } {
  const pixels = idxOf(fashionMnistFiles.testImages, 3).data.subarray(0, count * IMAGE_PIXELS);
  const labels = idxOf(fashionMnistFiles.testLabels, 1).data.subarray(0, count);
  return { images: Buffer.from(pixels).toString('base64'), labels: [...labels] };
}

export default defineConfig({
  plugins: [
    selfContainedThreadedWasmFactory(),
    gzipAsData(),
    immutableAssets(),
    preloadFirstAnswer([
      /wasm\/tfjs-backend-wasm-simd\.wasm$/,
      /pretrained\/model\.json$/,
      /pretrained\/weights\.bin$/,
    ]),
  ],
  define: {
    __FMNIST_TRAIN_DOWNLOAD_BYTES__: JSON.stringify(trainDownloadBytes),
    __FMNIST_FIRST_TEST_IMAGES__: JSON.stringify(firstTestImages(FIRST_TEST_IMAGES)),
  },
  // The training worker imports tfjs like the page does: an ES module, with the same patch.
  worker: { format: 'es', plugins: () => [selfContainedThreadedWasmFactory()] },
  // The workspace packages refer to their data files with `new URL('…', import.meta.url)`: pre-bundling them
  // would move the code away from the files and break those URLs.
  optimizeDeps: {
    exclude: ['@fmnist/data', '@fmnist/dataset', '@fmnist/model', '@fmnist/train', '@fmnist/viz'],
  },
  server: {
    headers: { ...isolation, 'Content-Security-Policy': contentSecurityPolicy(true) },
  },
  preview: {
    headers: { ...isolation, 'Content-Security-Policy': contentSecurityPolicy(false) },
  },
  build: {
    target: 'es2022',
    // The dataset (~30 MB gzipped) and weights are assets, never inlined.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2048,
  },
});
