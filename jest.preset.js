// Shared jest settings: every package's jest.config.js re-exports this.
// Tests run from TypeScript sources (transformed by swc to CommonJS), and
// workspace packages resolve to their sources, so no build is needed to test.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

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
  },
  testTimeout: 60_000,
};
