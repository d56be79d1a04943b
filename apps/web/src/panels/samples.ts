import { CLASS_NAMES, imageAt } from '@fmnist/data';
import type { App } from '../app.js';
import { enlargeableFigure, h, section, showSvg } from '../dom.js';

const SAMPLES = 25;

/** The first test images with their class names, as in the tutorial, and the list of classes. */
export function samplesPanel(app: App): HTMLElement {
  const { root, body } = section(
    'samples',
    'The data',
    'Fashion-MNIST: 70,000 grayscale 28×28 pictures of clothing in 10 classes, served from this site: 60,000 to ' +
      'train on and 10,000 to test with.',
  );
  const loading = h('p', { class: 'muted' }, 'Loading…');
  const figure = enlargeableFigure('sample-grid', `The first ${SAMPLES} test images with their class names`);
  const classes = h(
    'ol',
    { class: 'class-list', start: 0, 'aria-label': 'The 10 classes, by label' },
    ...CLASS_NAMES.map((name) => h('li', {}, name)),
  );
  body.append(loading, figure, h('h3', {}, 'Classes'), classes);
  app.on('test', async () => {
    const test = app.test;
    if (!test) return;
    // The pictures come after the first answer, with their code.
    const { imageGrid } = await import('@fmnist/viz');
    const count = Math.min(SAMPLES, test.count);
    const images = Array.from({ length: count }, (_, i) => imageAt(test, i));
    loading.remove();
    showSvg(
      figure,
      imageGrid(images, test.labels.subarray(0, count)),
      `The first ${count} test images with their class names`,
    );
  });
  return root;
}
