/** `fmnist evaluate`: loss, accuracy and per-class accuracy of a saved model on the test set. */
import { CLASS_NAMES } from '@fmnist/data';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { checkDataOptions, describeSource, loadTestSplit } from '../data.js';
import {
  addOptions,
  backendOption,
  dataOptions,
  modelOption,
  quietOption,
  type SharedOptions,
} from '../options.js';
import { Output, round } from '../output.js';
import { absolutePath, usedModel } from '../paths.js';
import { ProgressBar } from '../progress.js';

export interface EvaluateCommandOptions extends SharedOptions {
  /** A saved model directory; default: the pretrained weights. */
  model?: string;
}

export interface EvaluateReport {
  command: 'evaluate';
  /** The model directory, absolute (the shipped one's too). */
  model: string;
  /** Whether it is the pretrained model. */
  pretrained: boolean;
  data: { kind: string; location: string; verified: boolean };
  count: number;
  loss: number;
  accuracy: number;
  perClass: { label: number; className: string; accuracy: number; count: number }[];
  /** `confusionMatrix[true][predicted]` counts. */
  confusionMatrix: number[][];
}

export async function runEvaluate(options: EvaluateCommandOptions, ctx: CliContext): Promise<EvaluateReport> {
  await checkDataOptions(options);
  const out = new Output(ctx.io, options);
  // The test images decompress off the main thread while TensorFlow.js loads on it.
  const testSplit = loadTestSplit(options);
  testSplit.catch(() => {}); // awaited below; a failing import must not leave it unhandled
  const { evaluate, initBackend, loadModel, loadPretrained, PRETRAINED_MODEL_URL } = await import(
    '@fmnist/model'
  );
  await initBackend({ backend: options.backend ?? 'wasm' });
  const model = options.model ? await loadModel(options.model) : await loadPretrained();
  const used = usedModel(options.model, PRETRAINED_MODEL_URL);
  try {
    const test = await testSplit;
    out.note(
      `Evaluating ${used.pretrained ? 'the pretrained model' : used.model} on ${test.count.toLocaleString('en-US')} test images from ${describeSource(test)}`,
    );
    const steps = Math.ceil(test.count / 32);
    const bar = new ProgressBar(out.progressStream, {
      total: steps,
      color: out.stderrColor,
    });
    const scored = evaluate(model, test);
    bar.finish(steps, [
      ['accuracy', scored.accuracy],
      ['loss', scored.loss],
    ]);
    const report: EvaluateReport = {
      command: 'evaluate',
      model: used.model,
      pretrained: used.pretrained,
      data: {
        kind: test.source.kind,
        location: absolutePath(test.source.location),
        verified: test.source.verified,
      },
      count: scored.count,
      loss: scored.loss,
      accuracy: scored.accuracy,
      perClass: scored.perClassAccuracy.map((accuracy, label) => ({
        label,
        className: CLASS_NAMES[label] as string,
        accuracy,
        count: (scored.confusionMatrix[label] ?? []).reduce((a, b) => a + b, 0),
      })),
      confusionMatrix: scored.confusionMatrix,
    };
    const width = Math.max(...CLASS_NAMES.map((name) => name.length), 'class'.length);
    const s = out.stdoutStyles;
    out.result(
      [
        `model: ${used.label}`,
        `loss: ${scored.loss.toFixed(4)}`,
        `accuracy: ${scored.accuracy.toFixed(4)}`,
        '',
        s.bold(
          `${'label'.padEnd(6)}${'class'.padEnd(width + 2)}${'accuracy'.padStart(8)}${'images'.padStart(8)}`,
        ),
        ...report.perClass.map(
          (row) =>
            `${String(row.label).padEnd(6)}${row.className.padEnd(width + 2)}${row.accuracy.toFixed(4).padStart(8)}${String(row.count).padStart(8)}`,
        ),
      ].join('\n'),
    );
    out.document({
      ...report,
      loss: round(report.loss),
      accuracy: round(report.accuracy),
      perClass: report.perClass.map((row) => ({ ...row, accuracy: round(row.accuracy) })),
    });
    return report;
  } finally {
    model.dispose();
  }
}

export function registerEvaluate(program: Command, ctx: CliContext): Command {
  const command = program
    .command('evaluate')
    .description(
      'evaluate a saved model (default: the pretrained one) on the test set: loss, accuracy, per-class accuracy',
    );
  return addOptions(command, [modelOption(), ...dataOptions(), backendOption(), quietOption()]).action(
    async (options: EvaluateCommandOptions) => {
      await runEvaluate(options, ctx);
    },
  );
}
