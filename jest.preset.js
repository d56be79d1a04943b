// Shared jest settings: every package's jest.config.js re-exports this.
// Tests run from TypeScript sources (transformed by swc to CommonJS), and
// workspace packages resolve to their sources, so no build is needed to test.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

// Tests pass whatever the machine has: they run with a home and a cache of their own, made empty for this run and
// removed after it, with no FASHION_MNIST_DIR and an empty directory in place of Debian's dataset-fashion-mnist (a
// test that wants a source sets it up itself). Set here, in jest's own process, so the workers and every command
// a test spawns inherit them.
if (!process.env.FMNIST_TEST_HOME) {
  const home = mkdtempSync(join(tmpdir(), 'fmnist-test-home-'));
  mkdirSync(join(home, 'no-system-dataset'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  Object.assign(process.env, {
    FMNIST_TEST_HOME: home,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    FASHION_MNIST_SYSTEM_DIR: join(home, 'no-system-dataset'),
    // npm, run by some README blocks, would otherwise announce its updates from the fresh home.
    npm_config_update_notifier: 'false',
  });
  delete process.env.FASHION_MNIST_DIR;
}

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  // TypeScript, and the repository's own .mjs helpers (scripts/chromium.mjs) that tests share with the scripts.
  transform: {
    '^.+\\.(ts|mjs)$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@fmnist/([a-z-]+)$': join(root, 'packages/$1/src/index.ts'),
    '^@fmnist/([a-z-]+)/test$': join(root, 'packages/$1/src/test/index.ts'),
    '^@fmnist/([a-z-]+)/([a-z-]+)$': join(root, 'packages/$1/src/$2.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @fmnist/model's "imports" aliases of TensorFlow.js (Node gets require()-loading shims from its build).
    '^#tfjs-([a-z-]+)$': '@tensorflow/tfjs-$1',
    // @fmnist/model's "#io": saving and loading, Node's in tests (bundlers pick io-browser.ts).
    '^#io$': join(root, 'packages/model/src/io-node.ts'),
  },
  testTimeout: 60_000,
};
