/**
 * The `fmnist` command: builds the commander program and runs it. `bin/fmnist.js` calls {@link main}; tests call
 * it in-process with their own streams.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerData } from './commands/data.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerPlot } from './commands/plot.js';
import { registerPredict } from './commands/predict.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrain } from './commands/train.js';
import type { CliContext } from './context.js';
import {
  commanderExitCode,
  type ErrorReport,
  EXIT,
  EXIT_CODES_HELP,
  errorLine,
  errorReport,
  exitCodeOf,
  formatError,
  UsageError,
} from './errors.js';
import { type Io, processIo, writeDocument, wroteDocument } from './output.js';

/** A command module: adds its subcommand to the program. Add new commands to {@link COMMANDS}. */
export type RegisterCommand = (program: Command, ctx: CliContext) => Command;

/** The subcommands, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerTrain,
  registerSweep,
  registerEvaluate,
  registerPredict,
  registerData,
  registerPlot,
];

function version(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** `fmnist train: unknown option '--x'` + the usage line + where to get help. */
function usageMessage(command: Command, message: string): string {
  const name = command.parent ? `fmnist ${command.name()}` : 'fmnist';
  const text = message.replace(/^error: /, '').trimEnd();
  return `fmnist: ${text}\nUsage: ${name} ${command.usage()}\nRun '${name} --help' for the options.\n`;
}

/** The commander program, writing to `ctx.io`. Usage errors throw a CommanderError instead of exiting. */
export function createProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('fmnist')
    .description('Train, evaluate and use the Fashion-MNIST classifier (TensorFlow.js on WASM).')
    .version(version(), '-V, --version')
    .option('--verbose', 'print stack traces with errors')
    .option('--json', "print one JSON document on stdout: the command's results, or the error")
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\nRun 'fmnist <command> --help' for a command's options.`);
  for (const register of COMMANDS) {
    const command = register(program, ctx);
    command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
  }
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ outputError: (message, write) => write(usageMessage(command, message)) });
  }
  return program;
}

export interface MainOptions {
  /** Streams and environment; default the process's. */
  io?: Io;
  /** Aborts training as SIGINT does. */
  signal?: AbortSignal;
  /** Handle SIGINT during training. Default: true when running on the process's own streams. */
  handleSignals?: boolean;
}

/**
 * Runs `fmnist` with `argv` (the arguments after the program name) and returns the exit code: 0 success, 1 runtime
 * error, 2 usage error, 130 interrupted.
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const ctx: CliContext = {
    io,
    ...(options.signal ? { signal: options.signal } : {}),
    handleSignals: options.handleSignals ?? options.io === undefined,
    verbose: false,
    exitCode: EXIT.ok,
  };
  const program = createProgram(ctx);
  // Commander parses the global flags (wherever they stand, before `--`) before it hands the rest to the command
  // it found, and names that command here, before parsing the command's own options.
  let running: Command = program;
  program.hook('preSubcommand', (_program, command) => {
    running = command;
    ctx.verbose = program.opts().verbose === true;
  });
  // A command reads the global flags among its own options.
  program.hook('preAction', (_program, command) => {
    for (const [key, value] of Object.entries(program.opts())) command.setOptionValue(key, value);
  });
  // Under --json a failure is a document on stdout too, for the programs reading it; stderr keeps its line.
  const failed = (error: ErrorReport) => {
    if (program.opts().json === true && !wroteDocument(io.stdout)) {
      writeDocument(io.stdout, { command: running === program ? null : running.name(), error });
    }
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    ctx.verbose = program.opts().verbose === true;
    if (error instanceof CommanderError) {
      const code = commanderExitCode(error);
      if (code !== EXIT.ok) failed(commanderReport(error, running));
      return code;
    }
    io.stderr.write(
      error instanceof UsageError
        ? usageMessage(running, errorLine(error, ctx.verbose))
        : formatError(error, ctx.verbose),
    );
    failed(errorReport(error));
    return exitCodeOf(error);
  }
}

/** A usage error commander found, as an error document describes it: the flag it names, where to read more. */
function commanderReport(error: CommanderError, command: Command): ErrorReport {
  const name = command.parent ? `fmnist ${command.name()}` : 'fmnist';
  const flag = /'(-{1,2}[\w-]+)/.exec(error.message)?.[1];
  return {
    code: 'USAGE',
    message: error.message.replace(/^error: /, '').split('\n')[0] ?? error.message,
    hint: `run '${name} --help' for the options`,
    ...(flag === undefined ? {} : { flag }),
  };
}
