import type { App, PageBackend } from '../app.js';
import { type DataProgress, formatMegabytes } from '../data.js';
import { errorMessage, h, say } from '../dom.js';

/**
 * The page header's engine line and the test split's download bar, inside the header's About disclosure; a failure
 * opens it, so that the visitor sees what went wrong.
 */
export function statusPanel(app: App): {
  root: HTMLElement;
  progress: (progress: DataProgress) => void;
  loaded: () => void;
  failed: (error: unknown) => void;
  engineFailed: (error: unknown) => void;
} {
  const badge = h(
    'p',
    { id: 'backend-info', class: 'badge' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', {}, 'Starting TensorFlow.js…'),
  );
  const bar = h('progress', { id: 'data-progress', max: 1, 'aria-labelledby': 'data-label' });
  const text = h('span', { id: 'data-text', class: 'muted' }, 'Starting…');
  const status = h('p', { id: 'data-status', role: 'status', class: 'status' });
  const load = h(
    'div',
    { class: 'data-load' },
    h('span', { id: 'data-label', class: 'label' }, 'Test images'),
    bar,
    text,
  );
  const root = h('div', { class: 'status-panel' }, badge, load, status);
  const fail = (message: string) => {
    say(status, message, 'error');
    root.dataset.state = 'failed';
    const disclosure = root.closest('details');
    if (disclosure) disclosure.open = true;
  };
  app.on('backend', () => {
    const backend = app.backend;
    if (!backend) return;
    Object.assign(badge.dataset, {
      backend: backend.backend,
      simd: String(backend.simd),
      threads: String(backend.threads),
      isolated: String(backend.isolated),
    });
    badge.lastElementChild?.replaceWith(`TensorFlow.js on ${describe(backend)}`);
    // Only the benchmark runs threads on the page; the page itself classifies on one, and trains in a worker.
    if (!backend.isolated && app.params.bench) {
      badge.after(
        h(
          'p',
          { id: 'isolation-note', class: 'note' },
          'This page is not cross-origin isolated, so WebAssembly threads are unavailable: everything still ' +
            'works, on one thread (slower).',
        ),
      );
    }
  });
  return {
    root,
    progress: ({ loaded, total }) => {
      if (total) {
        bar.value = loaded / total;
        text.textContent = `${formatMegabytes(loaded)} of ${formatMegabytes(total)}`;
      } else {
        bar.removeAttribute('value');
        text.textContent = formatMegabytes(loaded);
      }
    },
    loaded: () => {
      load.hidden = true;
      say(status, `${(app.test?.count ?? 0).toLocaleString('en')} test images ready.`, 'ok');
      root.dataset.state = 'loaded';
    },
    failed: (error) => {
      text.textContent = 'Failed';
      fail(`Could not load the test images: ${errorMessage(error)}`);
    },
    engineFailed: (error) => fail(`TensorFlow.js or the model failed to start: ${errorMessage(error)}`),
  };
}

/** "WASM · SIMD · 1 thread", for people. */
function describe(info: PageBackend): string {
  const parts = [info.backend.toUpperCase(), info.simd ? 'SIMD' : 'no SIMD'];
  parts.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
