// What TypeScript sees behind #tfjs-layers (package.json "imports"): the package itself. Runtimes never load this.
export * from '@tensorflow/tfjs-layers';
