// What TypeScript sees behind #tfjs-backend-wasm (package.json "imports"): the package itself. Runtimes never load this.
export * from '@tensorflow/tfjs-backend-wasm';
