import { saveModel } from '@fmnist/model';
import { loadClassifier } from '@fmnist/model/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { App } from '../app.js';
import { errorMessage, formatPercent, h, say, section } from '../dom.js';

/** Where the page keeps its model in the browser. */
export const STORED_MODEL_URL = 'indexeddb://fmnist-web';
/** The downloaded files are `fmnist-model.json` and `fmnist-model.weights.bin`. */
const DOWNLOAD_URL = 'downloads://fmnist-model';

/** What the page knows about the model saved in this browser. */
interface SavedModel {
  readonly savedAt: Date;
  readonly source: string | undefined;
  readonly testAccuracy: number | undefined;
}

/** The model saved in this browser, if any: when, where it came from and its test accuracy (from its metadata). */
async function savedModel(): Promise<SavedModel | undefined> {
  const info = (await tf.io.listModels())[STORED_MODEL_URL];
  if (!info) return undefined;
  const handler = tf.io.getLoadHandlers(STORED_MODEL_URL)[0];
  const metadata = ((await handler?.load?.())?.userDefinedMetadata ?? {}) as Record<string, unknown>;
  return {
    savedAt: new Date(info.dateSaved),
    source: typeof metadata.source === 'string' ? metadata.source : undefined,
    testAccuracy: typeof metadata.testAccuracy === 'number' ? metadata.testAccuracy : undefined,
  };
}

function describeSaved(saved: SavedModel): string {
  const when = saved.savedAt.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
  const accuracy =
    saved.testAccuracy === undefined ? '' : `, ${formatPercent(saved.testAccuracy)} test accuracy`;
  return `Saved in this browser: the model ${saved.source ?? 'you saved'}${accuracy}, ${when}.`;
}

/** Save the current model to the browser (IndexedDB) or as files, and load it back. */
export function storagePanel(app: App): HTMLElement {
  const { root, body } = section('storage', 'Save and load', 'Keep a model you trained for your next visit.');
  const saveBrowser = h('button', { id: 'save-idb', type: 'button' }, 'Save in this browser');
  const download = h('button', { id: 'save-download', type: 'button' }, 'Download model files');
  const load = h('button', { id: 'load-idb', type: 'button', disabled: true }, 'Load saved model');
  const saved = h('p', { id: 'saved-model', class: 'muted' }, 'Nothing saved in this browser yet.');
  const status = h('p', { id: 'storage-status', role: 'status', class: 'status' });
  body.append(h('div', { class: 'row' }, saveBrowser, download, load), saved, status);

  let hasSaved = false;
  const refresh = () => {
    saveBrowser.disabled = app.busy || !app.model;
    download.disabled = app.busy || !app.model;
    load.disabled = app.busy || !hasSaved;
  };
  const showSaved = async () => {
    const found = await savedModel().catch(() => undefined);
    hasSaved = found !== undefined;
    saved.textContent = found ? describeSaved(found) : 'Nothing saved in this browser yet.';
    root.dataset.saved = String(hasSaved);
    refresh();
  };
  app.on('busy', refresh);
  app.on('model', refresh);
  refresh();
  void showSaved();

  const metadata = async () => {
    const scored = await app.scored()?.catch(() => undefined);
    return {
      source: app.source?.label ?? 'unknown',
      ...(scored ? { testAccuracy: scored.evaluation.accuracy } : {}),
    };
  };

  saveBrowser.addEventListener('click', async () => {
    if (!app.model) return;
    try {
      await saveModel(app.model, STORED_MODEL_URL, { metadata: await metadata() });
      say(status, 'Saved in this browser (IndexedDB).', 'ok');
      await showSaved();
    } catch (error) {
      say(status, `Could not save: ${errorMessage(error)}`, 'error');
    }
  });
  download.addEventListener('click', async () => {
    if (!app.model) return;
    try {
      await saveModel(app.model, DOWNLOAD_URL, { metadata: await metadata() });
      say(status, 'Downloading fmnist-model.json and fmnist-model.weights.bin.', 'ok');
    } catch (error) {
      say(status, `Could not download: ${errorMessage(error)}`, 'error');
    }
  });
  load.addEventListener('click', async () => {
    if (app.busy || !hasSaved) return;
    app.setBusy(true);
    try {
      const classifier = await loadClassifier({ model: STORED_MODEL_URL });
      app.setClassifier(classifier, { kind: 'indexeddb', label: 'saved in this browser' });
      say(status, 'Loaded the model saved in this browser.', 'ok');
    } catch (error) {
      say(status, `The saved model could not be read (${errorMessage(error)}); save one again.`, 'error');
    } finally {
      app.setBusy(false);
      load.focus();
    }
  });
  return root;
}
