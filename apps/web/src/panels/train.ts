import { takeFirst } from '@fmnist/data';
import { loadPretrained, TRAINING_DEFAULTS } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { historyColumns, train } from '@fmnist/train';
import { trainingHistory } from '@fmnist/viz';
import type { App } from '../app.js';
import { formatPercent, h, say, section, showSvg } from '../dom.js';
import { LiveChart } from './live-chart.js';

/** Points per epoch on the live charts. */
const POINTS_PER_EPOCH = 100;

function numberField(id: string, label: string, value: number, min: number, max: number, hint?: string) {
  const input = h('input', {
    id,
    name: id,
    type: 'number',
    inputmode: 'numeric',
    min,
    max,
    step: 1,
    value,
    required: true,
    'aria-describedby': hint ? `${id}-hint` : undefined,
  });
  const field = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('small', { id: `${id}-hint`, class: 'muted' }, hint) : null,
  );
  return { field, input };
}

/** Choosing the model: the shipped pretrained weights, or training one here with live curves and a Stop button. */
export function trainPanel(app: App): HTMLElement {
  const { root, body } = section(
    'model',
    'Model',
    'A 784–128–128–10 dense network. Use the weights shipped with the app, or train one in this tab.',
  );
  const usePretrained = h(
    'button',
    { id: 'use-pretrained', type: 'button', class: 'primary' },
    'Use pretrained model',
  );
  const modelStatus = h('p', { id: 'model-status', role: 'status', class: 'status' }, 'No model yet.');

  const epochs = numberField('epochs', 'Epochs', app.params.epochs ?? TRAINING_DEFAULTS.epochs, 1, 100);
  const batch = numberField(
    'batch-size',
    'Batch size',
    app.params.batchSize ?? TRAINING_DEFAULTS.batchSize,
    1,
    4096,
  );
  const limit = numberField(
    'limit',
    'Training images',
    app.params.limit ?? 60_000,
    100,
    60_000,
    'The first N of the 60,000; fewer trains faster.',
  );
  const trainButton = h('button', { id: 'train-button', type: 'submit', class: 'primary' }, 'Train');
  const stopButton = h('button', { id: 'stop-button', type: 'button', disabled: true }, 'Stop');
  const form = h(
    'form',
    { id: 'train-form', class: 'train-form', 'aria-label': 'Training settings' },
    h('div', { class: 'fields' }, epochs.field, batch.field, limit.field),
    h('div', { class: 'actions' }, trainButton, stopButton),
  );
  const progress = h('progress', {
    id: 'train-progress',
    max: 1,
    value: 0,
    'aria-label': 'Training progress',
  });
  const progressText = h('p', { id: 'train-text', class: 'muted', 'aria-live': 'off' }, 'Not started.');
  const trainStatus = h('p', { id: 'train-status', role: 'status', class: 'status' });
  const lossChart = new LiveChart('Loss (running mean)', '#2563eb', (v) => v.toFixed(3));
  const accChart = new LiveChart('Accuracy (running mean)', '#059669', (v) => formatPercent(v));
  const epochChart = h('div', { id: 'epoch-chart', class: 'figure-box', hidden: true });
  const trainResult = h('p', { id: 'train-result', class: 'result', hidden: true });

  body.append(
    h('div', { class: 'row' }, usePretrained, modelStatus),
    h('h3', {}, 'Train in the browser'),
    form,
    h('div', { class: 'progress-row' }, progress, progressText),
    h('div', { class: 'charts' }, lossChart.element, accChart.element),
    epochChart,
    trainResult,
    trainStatus,
  );

  let controller: AbortController | undefined;

  const refresh = () => {
    const noData = !app.data;
    usePretrained.disabled = app.busy;
    trainButton.disabled = app.busy || noData;
    trainButton.title = noData ? 'Waiting for the dataset to load' : '';
    for (const input of [epochs.input, batch.input, limit.input]) input.disabled = app.busy;
    stopButton.disabled = !controller;
  };
  app.on('data', refresh);
  app.on('busy', refresh);
  app.on('model', () => {
    say(modelStatus, `Current model: ${app.source?.label ?? 'none'}.`, 'ok');
    root.dataset.model = app.source?.kind ?? '';
  });
  refresh();

  usePretrained.addEventListener('click', async () => {
    if (app.busy) return;
    app.setBusy(true);
    say(modelStatus, 'Loading the pretrained weights…');
    try {
      const model = await loadPretrained();
      app.setModel(model, { kind: 'pretrained', label: 'pretrained (shipped weights)' });
    } catch (error) {
      say(modelStatus, `Could not load the pretrained model: ${message(error)}`, 'error');
    } finally {
      app.setBusy(false);
    }
  });

  stopButton.addEventListener('click', () => {
    controller?.abort();
    say(trainStatus, 'Stopping after this batch…');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = app.data;
    if (app.busy || !data || !form.reportValidity()) return;
    const settings = {
      epochs: epochs.input.valueAsNumber,
      batchSize: batch.input.valueAsNumber,
      limit: limit.input.valueAsNumber,
    };
    const split = takeFirst(data.train, settings.limit);
    controller = new AbortController();
    app.setBusy(true);
    root.dataset.training = 'running';
    trainResult.hidden = true;
    lossChart.reset(settings.epochs);
    accChart.reset(settings.epochs);
    let epoch = 0;
    let sampleEvery = 1;
    progress.value = 0;
    say(trainStatus, `Training on ${split.count.toLocaleString('en')} images…`);
    const model = createModel();
    try {
      const result = await train(model, split, {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        signal: controller.signal,
        onBatchEnd: ({ batch: done, batches, loss, acc }) => {
          sampleEvery = Math.max(1, Math.floor(batches / POINTS_PER_EPOCH));
          const at = epoch + done / batches;
          progress.value = at / settings.epochs;
          progressText.textContent =
            `Epoch ${epoch + 1}/${settings.epochs} · batch ${done}/${batches} · ` +
            `loss ${loss.toFixed(4)} · accuracy ${formatPercent(acc)}`;
          if (done % sampleEvery === 0 || done === batches) {
            lossChart.add(at, loss);
            accChart.add(at, acc);
          }
        },
        onEpochEnd: (index, logs, epochs) => {
          epoch = index + 1;
          epochChart.hidden = false;
          showSvg(epochChart, trainingHistory(historyColumns(epochs)), 'Loss and accuracy per epoch');
          say(trainStatus, `Epoch ${epoch} done in ${logs.seconds.toFixed(1)} s.`);
        },
      });
      if (result.epoch.length === 0) {
        model.dispose();
        say(trainStatus, 'Stopped before the first epoch ended; the current model is unchanged.');
        root.dataset.training = 'stopped';
        return;
      }
      say(trainStatus, 'Scoring on the 10,000 test images…');
      await new Promise((resolve) => setTimeout(resolve, 0));
      app.setModel(model, {
        kind: 'trained',
        label: `trained here (${result.epoch.length} epoch${result.epoch.length === 1 ? '' : 's'})`,
      });
      const evaluation = app.testEvaluation();
      const accuracy = evaluation?.accuracy ?? Number.NaN;
      trainResult.hidden = false;
      trainResult.dataset.accuracy = String(accuracy);
      trainResult.textContent = `Test accuracy: ${formatPercent(accuracy)} (loss ${evaluation?.loss.toFixed(4)})`;
      const mean = result.epochs.reduce((sum, e) => sum + e.seconds, 0) / result.epochs.length;
      say(
        trainStatus,
        `${result.stopped ? 'Stopped early: kept' : 'Done:'} ${result.epoch.length} epoch${
          result.epoch.length === 1 ? '' : 's'
        }, ${mean.toFixed(1)} s per epoch.`,
        'ok',
      );
      root.dataset.training = result.stopped ? 'stopped' : 'done';
    } catch (error) {
      if (app.model !== model) model.dispose();
      say(trainStatus, `Training failed: ${message(error)}`, 'error');
      root.dataset.training = 'failed';
    } finally {
      controller = undefined;
      app.setBusy(false);
    }
  });

  return root;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
