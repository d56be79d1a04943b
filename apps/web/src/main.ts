import './styles.css';
import { loadPretrained } from '@fmnist/model';
import { App } from './app.js';
import { startBackend } from './backend.js';
import { runBench } from './bench.js';
import { loadData } from './data.js';
import { h } from './dom.js';
import { resultsPanel } from './panels/results.js';
import { samplesPanel } from './panels/samples.js';
import { statusPanel } from './panels/status.js';
import { storagePanel } from './panels/storage.js';
import { trainPanel } from './panels/train.js';
import { tryPanel } from './panels/try.js';
import { parseParams } from './params.js';

/**
 * Shows the page at once, then starts TensorFlow.js, the pretrained model and the test split side by side: the
 * try panel answers as soon as the model and the first test image are there. The training split waits for Train.
 */
async function main(): Promise<void> {
  const params = parseParams(location.search);
  const header = document.getElementById('engine') as HTMLElement;
  const content = document.getElementById('content') as HTMLElement;
  const app = new App(params);
  const status = statusPanel(app);
  header.replaceChildren(status.root);

  if (params.bench) {
    document.body.classList.add('bench');
    const backend = await startBackend(params.threads);
    app.setBackend(backend);
    await runBench(params, backend, content);
    return;
  }

  content.replaceChildren(
    h('div', { class: 'column' }, tryPanel(app), resultsPanel(app)),
    h('div', { class: 'column' }, trainPanel(app), storagePanel(app), samplesPanel(app)),
  );
  document.body.dataset.ready = 'ui';

  const test = loadData('test', status.progress).then(
    (split) => {
      app.setTest(split);
      status.loaded();
    },
    (error: unknown) => status.failed(error),
  );
  try {
    app.setBackend(await startBackend(params.threads));
    app.setModel(await loadPretrained(), { kind: 'pretrained', label: 'pretrained (shipped weights)' });
  } catch (error) {
    status.engineFailed(error);
    throw error;
  }
  await test;
  document.body.dataset.ready = 'data';
}

void main();
