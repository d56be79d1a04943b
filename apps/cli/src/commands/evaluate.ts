/** `fmnist evaluate`: loss, accuracy and per-class accuracy of a saved model on the test set. */
import { CLASS_NAMES } from '@fmnist/data';
import type { BackendName } from '@fmnist/model';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { type DataOptions, describeSource, loadData } from '../data.js';
import { Output, round } from '../output.js';
import { ProgressBar } from '../progress.js';

export interface EvaluateCommandOptions extends DataOptions {
  model: string;
  backend?: BackendName;
  json?: boolean;
  quiet?: boolean;
}

export interface EvaluateReport {
  command: 'evaluate';
  model: string;
  data: { source: string; location: string; verified: boolean };
  count: number;
  loss: number;
  accuracy: number;
  perClass: { label: number; className: string; accuracy: number; count: number }[];
  /** `confusionMatrix[true][predicted]` counts. */
  confusionMatrix: number[][];
}

export async function runEvaluate(options: EvaluateCommandOptions, ctx: CliContext): Promise<EvaluateReport> {
  const out = new Output(ctx.io, options);
  const { evaluate, initBackend, loadModel } = await import('@fmnist/model');
  await initBackend({ backend: options.backend ?? 'wasm' });
  const model = await loadModel(options.model);
  try {
    const data = await loadData(options);
    out.note(
      `Evaluating ${options.model} on ${data.test.count.toLocaleString('en-US')} test images from ${describeSource(data)}`,
    );
    const steps = Math.ceil(data.test.count / 32);
    const bar = new ProgressBar(out.progressStream, {
      total: steps,
      color: out.stderrColor,
    });
    const scored = evaluate(model, data.test);
    bar.finish(steps, [
      ['accuracy', scored.accuracy],
      ['loss', scored.loss],
    ]);
    const report: EvaluateReport = {
      command: 'evaluate',
      model: options.model,
      data: { source: data.source.kind, location: data.source.location, verified: data.source.verified },
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
  return program
    .command('evaluate')
    .description('evaluate a saved model on the test set: loss, accuracy, per-class accuracy')
    .requiredOption('--model <dir>', 'directory of a saved model (as written by fmnist train)')
    .option('--data-dir <dir>', 'read the four Fashion-MNIST files from this directory')
    .option('--no-verify', 'skip the SHA-256 check of the data files (for custom IDX data)')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .option('--json', 'print one JSON document with the results on stdout')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .action(async (options: EvaluateCommandOptions) => {
      await runEvaluate(options, ctx);
    });
}
