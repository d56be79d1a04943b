import './styles.css';
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

async function main(): Promise<void> {
  const params = parseParams(location.search);
  const header = document.getElementById('engine') as HTMLElement;
  const content = document.getElementById('content') as HTMLElement;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  try {
    backend = await startBackend(params.threads);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    header.replaceChildren(
      h('p', { class: 'status', 'data-tone': 'error' }, `TensorFlow.js failed to start: ${message}`),
    );
    throw error;
  }
  const app = new App(params, backend);
  const status = statusPanel(app);
  header.replaceChildren(status.root);
  document.body.dataset.backend = backend.backend;

  if (params.bench) {
    document.body.classList.add('bench');
    await runBench(params, backend, content);
    return;
  }

  content.replaceChildren(
    h('div', { class: 'column' }, trainPanel(app), storagePanel(app)),
    h('div', { class: 'column' }, tryPanel(app), samplesPanel(app)),
    h('div', { class: 'wide' }, resultsPanel(app)),
  );
  document.body.dataset.ready = 'ui';
  try {
    app.setData(await loadData(status.progress));
    status.loaded();
    document.body.dataset.ready = 'data';
  } catch (error) {
    status.failed(error);
  }
}

void main();
