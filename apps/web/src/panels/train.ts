import { loadClassifier } from '@fmnist/model/layers';
import { TRAINING_DEFAULTS } from '@fmnist/train/defaults';
import { type App, PRETRAINED } from '../app.js';
import { formatMegabytes, TRAIN_DOWNLOAD_BYTES } from '../data.js';
import { enlargeableFigure, errorMessage, formatPercent, h, say, section, showSvg } from '../dom.js';
import type { WorkerReply } from '../worker/protocol.js';
import { LiveChart } from './live-chart.js';

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
    'A 784–128–128–10 dense network. The page starts with the weights shipped with it; train your own in this tab.',
  );
  const usePretrained = h(
    'button',
    { id: 'use-pretrained', type: 'button', class: 'primary' },
    'Use pretrained model',
  );
  const modelStatus = h('p', { id: 'model-status', role: 'status', class: 'status' }, 'Loading the model…');

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
  const progressText = h(
    'p',
    { id: 'train-text', class: 'muted', 'aria-live': 'off' },
    `The first run downloads the 60,000 training images (${formatMegabytes(TRAIN_DOWNLOAD_BYTES)}); this ` +
      'browser keeps them for the next runs and visits.',
  );
  const trainStatus = h('p', { id: 'train-status', role: 'status', class: 'status' });
  const lossChart = new LiveChart('Loss (running mean)', '#2563eb', (v) => v.toFixed(3));
  const accChart = new LiveChart('Accuracy (running mean)', '#059669', (v) => formatPercent(v));
  const epochChart = enlargeableFigure('epoch-chart', 'Loss and accuracy per epoch');
  epochChart.hidden = true;
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
    usePretrained.disabled = app.busy || app.source?.kind === 'pretrained';
    trainButton.disabled = app.busy;
    for (const input of [epochs.input, batch.input, limit.input]) input.disabled = app.busy;
    stopButton.disabled = !controller;
  };
  app.on('busy', refresh);
  app.on('model', () => {
    say(modelStatus, `Current model: ${app.source?.label ?? 'none'}.`, 'ok');
    root.dataset.model = app.source?.kind ?? '';
    refresh();
  });
  refresh();

  usePretrained.addEventListener('click', async () => {
    if (app.busy) return;
    app.setBusy(true);
    say(modelStatus, 'Loading the pretrained weights…');
    try {
      app.setClassifier(await loadClassifier(), PRETRAINED);
    } catch (error) {
      say(modelStatus, `Could not load the pretrained model: ${errorMessage(error)}`, 'error');
    } finally {
      app.setBusy(false);
      // The button has disabled itself: keep the keyboard near it rather than on the page body.
      trainButton.focus();
    }
  });

  stopButton.addEventListener('click', () => {
    controller?.abort();
    app.trainer.stop();
    say(trainStatus, 'Stopping after this batch…');
  });

  /** Clears what the previous run left, as a new one starts: progress, curves, per-epoch chart and result. */
  const resetRun = (epochCount: number) => {
    progress.value = 0;
    progressText.textContent = 'Starting…';
    lossChart.reset(epochCount);
    accChart.reset(epochCount);
    epochChart.hidden = true;
    epochChart.replaceChildren();
    trainResult.hidden = true;
  };
  /** A run stopped before it made a model: the curves and the progress keep what it did, to look at. */
  const stoppedEmpty = (text: string) => {
    progressText.textContent = text;
    say(trainStatus, 'Stopped: the current model is unchanged.');
    root.dataset.training = 'stopped';
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (app.busy || !form.reportValidity()) return;
    const settings = {
      epochs: epochs.input.valueAsNumber,
      batchSize: batch.input.valueAsNumber,
      limit: limit.input.valueAsNumber,
    };
    controller = new AbortController();
    const { signal } = controller;
    app.setBusy(true);
    stopButton.focus();
    root.dataset.training = 'running';
    resetRun(settings.epochs);
    say(trainStatus, '');
    const history = { loss: [] as number[], acc: [] as number[] };
    const seconds: number[] = [];
    // The worker trains; this thread only draws what it reports.
    const progressOf = (reply: WorkerReply) => {
      if (reply.type === 'download') {
        if (reply.total) progress.value = reply.loaded / reply.total;
        progressText.textContent =
          `Downloading the training images: ${formatMegabytes(reply.loaded)} of ` +
          formatMegabytes(reply.total ?? TRAIN_DOWNLOAD_BYTES);
      } else if (reply.type === 'training') {
        progress.value = 0;
        progressText.textContent = 'Starting…';
        say(trainStatus, `Training on ${reply.count.toLocaleString('en')} images…`);
      } else if (reply.type === 'batch') {
        const at = reply.epoch + reply.batch / reply.batches;
        progress.value = at / settings.epochs;
        progressText.textContent =
          `Epoch ${reply.epoch + 1}/${settings.epochs} · batch ${reply.batch}/${reply.batches} · ` +
          `loss ${reply.loss.toFixed(4)} · accuracy ${formatPercent(reply.acc)}`;
        lossChart.add(at, reply.loss);
        accChart.add(at, reply.acc);
      } else if (reply.type === 'epoch') {
        history.loss.push(reply.loss);
        history.acc.push(reply.acc);
        seconds.push(reply.seconds);
        epochChart.hidden = false;
        void import('@fmnist/viz').then(({ trainingHistory }) =>
          showSvg(epochChart, trainingHistory(history), 'Loss and accuracy per epoch'),
        );
        say(trainStatus, `Epoch ${reply.epoch} done in ${reply.seconds.toFixed(1)} s.`);
      } else if (reply.type === 'scoring') {
        say(trainStatus, 'Scoring on the 10,000 test images…');
      }
    };
    try {
      const result = await app.trainer.train(settings, progressOf);
      if (!result) {
        stoppedEmpty('Stopped before the first epoch ended.');
        return;
      }
      const kept = result.epochs;
      const epochsText = `${kept} epoch${kept === 1 ? '' : 's'}`;
      progress.value = result.stopped ? kept / settings.epochs : 1;
      progressText.textContent = result.stopped
        ? `Stopped after epoch ${kept} of ${settings.epochs}.`
        : `${epochsText} on ${result.count.toLocaleString('en')} images.`;
      const classifier = await loadClassifier({ model: result.artifacts });
      const { evaluation } = result.scored;
      app.setClassifier(
        classifier,
        { kind: 'trained', label: `trained here (${epochsText})` },
        result.scored,
      );
      trainResult.hidden = false;
      trainResult.dataset.accuracy = String(evaluation.accuracy);
      trainResult.textContent = `Test accuracy: ${formatPercent(evaluation.accuracy)} (loss ${evaluation.loss.toFixed(4)})`;
      const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
      say(
        trainStatus,
        `${result.stopped ? 'Stopped early: kept' : 'Done:'} ${epochsText}, ${perEpoch(mean)}.`,
        'ok',
      );
      root.dataset.training = result.stopped ? 'stopped' : 'done';
    } catch (error) {
      if (signal.aborted) {
        stoppedEmpty('Stopped while downloading the training images.');
      } else {
        say(trainStatus, `Training failed: ${errorMessage(error)}`, 'error');
        root.dataset.training = 'failed';
      }
    } finally {
      controller = undefined;
      app.setBusy(false);
      // Stop has just disabled itself; Train is where the keyboard goes next.
      if (document.activeElement === stopButton || document.activeElement === document.body)
        trainButton.focus();
    }
  });

  return root;
}

/** Seconds per epoch as a person would say it: a short run's 0.04 s reads as 40 ms, not "0.0 s". */
function perEpoch(seconds: number): string {
  return seconds < 0.1
    ? `${Math.max(1, Math.round(seconds * 1000))} ms per epoch`
    : `${seconds.toFixed(1)} s per epoch`;
}
