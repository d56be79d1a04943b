/**
 * The options several commands share, defined once: the same flag, parser, default and help text wherever they
 * appear. Each command adds the ones it takes with {@link addOptions}.
 */
import { type Command, Option } from 'commander';
import type { DataOptions } from './data.js';

/** The tfjs backends a command can run on. */
export const BACKENDS = ['wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Options every command that reads the dataset takes. */
export function dataOptions(): Option[] {
  return [
    new Option('--data-dir <dir>', 'read the four Fashion-MNIST files from this directory'),
    new Option('--no-verify', 'skip the SHA-256 check of the data files (for custom IDX data)'),
  ];
}

export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend').choices(BACKENDS).default('wasm');
}

export function modelOption(
  description = 'directory of a saved model (default: the pretrained weights)',
): Option {
  return new Option('--model <dir>', description);
}

export function quietOption(description = 'no progress or notes on stderr'): Option {
  return new Option('-q, --quiet', description);
}

/** Adds `options` to `command`, in order. */
export function addOptions(command: Command, options: readonly Option[]): Command {
  for (const option of options) command.addOption(option);
  return command;
}

/** What the shared options parse to. */
export interface SharedOptions extends DataOptions {
  backend?: BackendChoice;
  json?: boolean;
  quiet?: boolean;
}
