/** `fmnist data`: where the dataset comes from, whether it was verified, and how many images it holds. */
import {
  DATASET_FILE_KEYS,
  type DatasetFileKey,
  FASHION_MNIST_MANIFEST,
  filesIn,
  localSources,
} from '@fmnist/data';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { checkDataOptions, type DataOptions, describeData } from '../data.js';
import { addOptions, dataOptions } from '../options.js';
import { Output } from '../output.js';
import { absolutePath } from '../paths.js';

export interface DataCommandOptions extends DataOptions {
  json?: boolean;
}

export interface SourceReport {
  kind: string;
  location: string;
  /** All four files are there. */
  present: boolean;
  /** Path of each file found, or null. */
  files: Record<DatasetFileKey, string | null>;
}

export interface DataReport {
  command: 'data';
  /** The local places searched, in order; paths absolute. */
  sources: SourceReport[];
  /** Where the data was loaded from. */
  loaded: { kind: string; location: string; verified: boolean };
  counts: { train: number; test: number };
}

export async function runData(options: DataCommandOptions, ctx: CliContext): Promise<DataReport> {
  await checkDataOptions(options);
  const out = new Output(ctx.io, options);
  const sources: SourceReport[] = [];
  for (const source of await localSources(options.dataDir ? { dir: options.dataDir } : {})) {
    const found = await filesIn(source.location);
    const files = Object.fromEntries(DATASET_FILE_KEYS.map((key) => [key, found[key] ?? null])) as Record<
      DatasetFileKey,
      string | null
    >;
    sources.push({
      kind: source.kind,
      location: source.location,
      present: DATASET_FILE_KEYS.every((key) => files[key] !== null),
      files,
    });
  }
  const s = out.stdoutStyles;
  const kindWidth = Math.max(...sources.map((source) => source.kind.length));
  const locationWidth = Math.max(...sources.map((source) => source.location.length));
  const lines = ['Local sources, in the order searched:'];
  for (const source of sources) {
    const count = DATASET_FILE_KEYS.filter((key) => source.files[key] !== null).length;
    const missing = DATASET_FILE_KEYS.filter((key) => source.files[key] === null).map(
      (key) => FASHION_MNIST_MANIFEST[key].name,
    );
    const state = source.present
      ? s.green('present')
      : count === 0
        ? s.dim('missing')
        : s.red(`incomplete (missing ${missing.join(', ')})`);
    lines.push(`  ${source.kind.padEnd(kindWidth)}  ${source.location.padEnd(locationWidth)}  ${state}`);
  }
  // Print the search first: if loading fails, the user still sees where we looked.
  out.result(lines.join('\n'));

  const data = await describeData(options);
  const report: DataReport = {
    command: 'data',
    sources: sources.map((source) => ({
      ...source,
      location: absolutePath(source.location),
      files: Object.fromEntries(
        DATASET_FILE_KEYS.map((key) => [key, source.files[key] && absolutePath(source.files[key])]),
      ) as SourceReport['files'],
    })),
    loaded: { ...data.source, location: absolutePath(data.source.location) },
    counts: data.counts,
  };
  out.result(
    [
      '',
      `Loaded from: ${data.source.kind} ${data.source.location}`,
      `Verified:    ${data.source.verified ? 'yes (SHA-256 of every file matches the manifest)' : 'no (--no-verify)'}`,
      `Train:       ${data.counts.train.toLocaleString('en-US')} images`,
      `Test:        ${data.counts.test.toLocaleString('en-US')} images`,
    ].join('\n'),
  );
  out.document(report);
  return report;
}

export function registerData(program: Command, ctx: CliContext): Command {
  const command = program
    .command('data')
    .description('show where the Fashion-MNIST data comes from, whether it is verified, and the counts');
  return addOptions(command, dataOptions()).action(async (options: DataCommandOptions) => {
    await runData(options, ctx);
  });
}
