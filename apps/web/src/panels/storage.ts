import { loadModel, saveModel } from '@fmnist/model';
import type { App } from '../app.js';
import { h, say, section } from '../dom.js';

/** Where the page keeps its model in the browser. */
export const STORED_MODEL_URL = 'indexeddb://fmnist-web';
const DOWNLOAD_URL = 'downloads://fmnist-model';

/** Save the current model to the browser (IndexedDB) or as files, and load it back. */
export function storagePanel(app: App): HTMLElement {
  const { root, body } = section('storage', 'Save and load', 'Keep a model you trained for your next visit.');
  const saveBrowser = h('button', { id: 'save-idb', type: 'button' }, 'Save in this browser');
  const download = h('button', { id: 'save-download', type: 'button' }, 'Download model files');
  const load = h('button', { id: 'load-idb', type: 'button' }, 'Load saved model');
  const status = h('p', { id: 'storage-status', role: 'status', class: 'status' });
  body.append(h('div', { class: 'row' }, saveBrowser, download, load), status);

  const refresh = () => {
    saveBrowser.disabled = app.busy || !app.model;
    download.disabled = app.busy || !app.model;
    load.disabled = app.busy;
  };
  app.on('busy', refresh);
  app.on('model', refresh);
  refresh();

  const metadata = () => {
    const evaluation = app.testEvaluation();
    return {
      source: app.source?.label ?? 'unknown',
      ...(evaluation ? { testAccuracy: evaluation.accuracy } : {}),
    };
  };

  saveBrowser.addEventListener('click', async () => {
    if (!app.model) return;
    try {
      await saveModel(app.model, STORED_MODEL_URL, { metadata: metadata() });
      say(status, 'Saved in this browser (IndexedDB).', 'ok');
    } catch (error) {
      say(status, `Could not save: ${message(error)}`, 'error');
    }
  });
  download.addEventListener('click', async () => {
    if (!app.model) return;
    try {
      await saveModel(app.model, DOWNLOAD_URL, { metadata: metadata() });
      say(status, 'Downloading fmnist-model.json and fmnist-model.weights.bin.', 'ok');
    } catch (error) {
      say(status, `Could not download: ${message(error)}`, 'error');
    }
  });
  load.addEventListener('click', async () => {
    if (app.busy) return;
    app.setBusy(true);
    try {
      const model = await loadModel(STORED_MODEL_URL);
      app.setModel(model, { kind: 'indexeddb', label: 'saved in this browser' });
      say(status, 'Loaded the model saved in this browser.', 'ok');
    } catch (error) {
      say(status, `Nothing to load yet, or it could not be read: ${message(error)}`, 'error');
    } finally {
      app.setBusy(false);
    }
  });
  return root;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
