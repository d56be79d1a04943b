import type { App } from '../app.js';
import { describe } from '../backend.js';
import type { DataProgress } from '../data.js';
import { h, say } from '../dom.js';

const MB = 1024 * 1024;

/** The page header's engine line and the dataset download bar. */
export function statusPanel(app: App): {
  root: HTMLElement;
  progress: (progress: DataProgress) => void;
  loaded: () => void;
  failed: (error: unknown) => void;
} {
  const { backend } = app;
  const badge = h(
    'p',
    {
      id: 'backend-info',
      class: 'badge',
      'data-backend': backend.backend,
      'data-simd': String(backend.simd),
      'data-threads': backend.threads,
      'data-isolated': String(backend.isolated),
    },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    `TensorFlow.js on ${describe(backend)}`,
  );
  const isolation = backend.isolated
    ? null
    : h(
        'p',
        { id: 'isolation-note', class: 'note' },
        'This page is not cross-origin isolated, so WebAssembly threads are unavailable: everything still works, ' +
          'on one thread (slower training).',
      );
  const bar = h('progress', { id: 'data-progress', max: 1, 'aria-labelledby': 'data-label' });
  const text = h('span', { id: 'data-text', class: 'muted' }, 'Starting…');
  const status = h('p', { id: 'data-status', role: 'status', class: 'status' });
  const root = h(
    'div',
    { class: 'status-panel' },
    badge,
    isolation,
    h(
      'div',
      { class: 'data-load' },
      h('span', { id: 'data-label', class: 'label' }, 'Fashion-MNIST'),
      bar,
      text,
    ),
    status,
  );
  return {
    root,
    progress: ({ loaded, total }) => {
      if (total) {
        bar.value = loaded / total;
        text.textContent = `${(loaded / MB).toFixed(1)} of ${(total / MB).toFixed(1)} MB`;
      } else {
        bar.removeAttribute('value');
        text.textContent = `${(loaded / MB).toFixed(1)} MB`;
      }
    },
    loaded: () => {
      const data = app.data;
      bar.value = 1;
      text.textContent = 'Loaded';
      if (data) {
        say(
          status,
          `${data.train.count.toLocaleString('en')} training and ${data.test.count.toLocaleString('en')} test images` +
            (data.source.verified ? ', checksums verified.' : '.'),
          'ok',
        );
      }
      root.dataset.state = 'loaded';
    },
    failed: (error) => {
      text.textContent = 'Failed';
      say(
        status,
        `Could not load the dataset: ${error instanceof Error ? error.message : String(error)}`,
        'error',
      );
      root.dataset.state = 'failed';
    },
  };
}
