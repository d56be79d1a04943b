import { defineConfig } from 'vite';

export default defineConfig({
  // @fmnist/model finds its pretrained weights with `new URL('…', import.meta.url)`; the dev server's
  // pre-bundling would move its code away from those files.
  optimizeDeps: { exclude: ['@fmnist/model'] },
});
