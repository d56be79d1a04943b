import { imageAt } from '@fmnist/data';
import type { App } from '../app.js';
import { enlargeableFigure, errorMessage, formatPercent, h, say, section, showSvg } from '../dom.js';

const SHOWN = 15;

/** How the current model does on the test split: predictions on the first test images, and the confusion matrix. */
export function resultsPanel(app: App): HTMLElement {
  const { root, body } = section(
    'results',
    'Test results',
    'The current model on the 10,000 test images it never trained on.',
  );
  const summary = h('p', { id: 'test-accuracy', class: 'result', role: 'status' }, 'Scoring…');
  const predictions = enlargeableFigure('prediction-grid', `Predictions for the first ${SHOWN} test images`);
  const confusion = enlargeableFigure('confusion-matrix', 'Confusion matrix on the test images');
  body.append(
    summary,
    h('h3', {}, `The first ${SHOWN} test images`),
    h(
      'p',
      { class: 'muted' },
      'Caption: predicted class and confidence (true class); blue when right, red when wrong. Bars: every class’s ' +
        'probability, the prediction in red and the true class in blue. A figure wider than the card scrolls ' +
        'sideways; tap it to enlarge it.',
    ),
    predictions,
    h('h3', {}, 'Confusion matrix'),
    h('p', { class: 'muted' }, 'Rows: true class. Columns: predicted class.'),
    confusion,
  );

  const update = async () => {
    const { test, model } = app;
    const pending = app.scored();
    if (!test || !model || !pending) return;
    // The pictures come after the first answer, with their code.
    const [{ evaluation, first }, { confusionMatrixHeatmap, predictionGrid }] = await Promise.all([
      pending,
      import('@fmnist/viz'),
    ]);
    if (app.model !== model) return;
    say(
      summary,
      `Test accuracy ${formatPercent(evaluation.accuracy, 2)} (loss ${evaluation.loss.toFixed(4)}) for the ` +
        `model ${app.source?.label ?? 'in use'}.`,
      'ok',
    );
    summary.dataset.accuracy = String(evaluation.accuracy);
    const samples = first.map((prediction, i) => ({
      image: imageAt(test, i),
      probabilities: prediction.probabilities,
      trueLabel: test.labels[i] as number,
    }));
    showSvg(
      predictions,
      predictionGrid(samples, { tickLabels: 'names' }),
      `Predictions for the first ${first.length} test images`,
    );
    predictions.dataset.predicted = first.map((p) => p.label).join(',');
    showSvg(
      confusion,
      confusionMatrixHeatmap(evaluation.confusionMatrix),
      'Confusion matrix on the test images',
    );
  };
  // After the try panel's first answer, which listens to the same events and matters more to a visitor.
  const later = () =>
    void setTimeout(
      () => void update().catch((error) => say(summary, `Could not score: ${errorMessage(error)}`, 'error')),
      0,
    );
  app.on('test', later);
  app.on('model', later);
  return root;
}
