// What TypeScript sees behind #tfjs-core (package.json "imports"): the package itself. Runtimes never load this.
export * from '@tensorflow/tfjs-core';
