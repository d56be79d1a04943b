import './styles.css';
import { initBackend } from '@fmnist/model';
import { loadClassifier } from '@fmnist/model/layers';
import { App, type PageBackend, PRETRAINED } from './app.js';
import { h } from './dom.js';
import { resultsPanel } from './panels/results.js';
import { samplesPanel } from './panels/samples.js';
import { statusPanel } from './panels/status.js';
import { storagePanel } from './panels/storage.js';
import { trainPanel } from './panels/train.js';
import { tryPanel } from './panels/try.js';
import { parseParams } from './params.js';

const withIsolation = (info: Awaited<ReturnType<typeof initBackend>>): PageBackend => ({
  ...info,
  isolated: globalThis.crossOriginIsolated === true,
});

/**
 * Starts the pretrained classifier first and draws the page meanwhile: the try panel answers for a test image
 * built into the script as soon as the classifier is in. Only then does the page start the training worker, which
 * loads the test split (samples, test results) off the page's thread; the training split waits for Train.
 */
async function main(): Promise<void> {
  const params = parseParams(location.search);
  const header = document.getElementById('engine') as HTMLElement;
  const content = document.getElementById('content') as HTMLElement;

  if (params.bench) {
    const app = new App(params);
    header.replaceChildren(statusPanel(app).root);
    document.body.classList.add('bench');
    const threads = params.threads ?? Math.max(1, navigator.hardwareConcurrency || 1);
    const backend = withIsolation(await initBackend({ backend: 'wasm', threads }));
    app.setBackend(backend);
    // The benchmark's training code is loaded only in that mode.
    const { runBench } = await import('./bench.js');
    await runBench(params, backend, content);
    return;
  }

  // One thread: the page classifies one picture at a time, and training runs in its own worker.
  const classifier = loadClassifier({ threads: params.threads ?? 1 });
  const app = new App(params);
  const status = statusPanel(app);
  header.replaceChildren(status.root);
  content.replaceChildren(
    h('div', { class: 'column' }, tryPanel(app), resultsPanel(app)),
    h('div', { class: 'column' }, trainPanel(app), storagePanel(app), samplesPanel(app)),
  );
  document.body.dataset.ready = 'ui';

  app.on('answered', () => {
    app.trainer.loadTest(status.progress).then(
      (split) => {
        app.setTest(split);
        status.loaded();
        document.body.dataset.ready = 'data';
      },
      (error: unknown) => status.failed(error),
    );
  });
  try {
    const loaded = await classifier;
    // Building the model and its first answer are two long pieces of work: a task boundary between them lets the
    // page handle input (and paint) in between.
    await new Promise((resolve) => setTimeout(resolve, 0));
    app.setBackend(withIsolation(loaded.backend));
    app.setClassifier(loaded, PRETRAINED);
  } catch (error) {
    status.engineFailed(error);
    throw error;
  }
}

void main();
