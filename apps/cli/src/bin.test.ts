/**
 * The real `bin/fmnist.js`, spawned: exit codes, stdout/stderr separation, SIGINT. Needs a build first:
 * `npx turbo run build --filter=@fmnist/cli...` (turbo's `test` task builds before testing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { syntheticData, tempDir } from './harness.test.helpers.js';

const BIN = resolve(__dirname, '../bin/fmnist.js');
const DIST = resolve(__dirname, '../dist/main.js');

interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stderr: () => string;
}

function fmnist(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolveDone) => child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

let dir: string;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (!existsSync(DIST)) {
    throw new Error(`${DIST} is missing; build first: npx turbo run build --filter=@fmnist/cli...`);
  }
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
});
afterAll(() => cleanup());

describe('bin/fmnist.js', () => {
  it('--help: exit 0, usage on stdout', async () => {
    const result = await fmnist(['--help']).done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: fmnist [options] [command]');
    expect(result.stderr).toBe('');
  });

  it('help and usage errors load no TensorFlow.js; a command that classifies does', async () => {
    // A preload that counts, at exit, the TensorFlow.js files Node loaded (imported or required, all land here).
    const probe = join(dir, 'tfjs-probe.cjs');
    await writeFile(
      probe,
      "process.on('exit', () => process.stderr.write('tfjs: ' + " +
        "Object.keys(require.cache).filter((path) => path.includes('@tensorflow')).length + '\\n'));\n",
    );
    const loaded = async (args: string[]) => {
      const result = await fmnist(args, { NODE_OPTIONS: `--require ${probe}` }).done;
      return Number(/tfjs: (\d+)/.exec(result.stderr)?.[1]);
    };
    expect(await loaded(['--help'])).toBe(0);
    expect(await loaded(['predict', '--help'])).toBe(0);
    expect(await loaded(['predict', '--index', 'x'])).toBe(0);
    expect(await loaded(['predict', '--index', '0', '--data-dir', dataDir, '--no-verify'])).toBeGreaterThan(
      0,
    );
  });

  it('bad number: exit 2, message and usage line on stderr', async () => {
    const result = await fmnist(['train', '--batch-size', '-4']).done;
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("fmnist: option '--batch-size <n>' argument '-4' is invalid");
    expect(result.stderr).toContain('Usage: fmnist train [options]');
  });

  it('refuses an output path it cannot use before any work, and never hangs on one', async () => {
    const plain = join(dir, 'plain-file');
    await writeFile(plain, 'x');
    const cases = [
      ['sweep', '--data-dir', dataDir, '--no-verify', '--epochs', '1', '--csv', join(plain, 'x.csv')],
      ['train', '--data-dir', dataDir, '--no-verify', '--epochs', '1', '--out', '/proc/fmnist-model'],
    ];
    for (const args of cases) {
      const spawned = fmnist(args);
      // Generous for a busy machine: a refusal takes well under a second, a hang or a training run far longer.
      const stop = setTimeout(() => spawned.child.kill('SIGKILL'), 20_000);
      const result = await spawned.done;
      clearTimeout(stop);
      expect({ args, code: result.code, signal: result.signal }).toEqual({ args, code: 2, signal: null });
      expect(result.stderr).toMatch(/^fmnist: --(csv|out) .*\nUsage: fmnist (sweep|train)/);
      expect(result.stderr).not.toMatch(/Sweeping|Training on/);
    }
    expect(existsSync('/proc/fmnist-model')).toBe(false);
  });

  it('runtime error: exit 1, one line', async () => {
    const result = await fmnist(['evaluate', '--model', join(dir, 'missing')]).done;
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('train --json: exit 0, one JSON document on stdout', async () => {
    const out = join(dir, 'model');
    const result = await fmnist([
      'train',
      '--data-dir',
      dataDir,
      '--no-verify',
      '--epochs',
      '1',
      '--out',
      out,
      '--json',
    ]).done;
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.command).toBe('train');
    expect(doc.model).toBe(out);
    expect(result.stderr).toContain('Epoch 1/1');
  });

  it('SIGINT: stops, saves the last completed epoch, exit 130', async () => {
    const out = join(dir, 'interrupted');
    const run = fmnist(['train', '--data-dir', dataDir, '--no-verify', '--epochs', '10000', '--out', out]);
    await new Promise<void>((ready, fail) => {
      const timer = setInterval(() => {
        if (run.stderr().includes('Epoch 3/')) {
          clearInterval(timer);
          run.child.kill('SIGINT');
          ready();
        }
      }, 20);
      run.done.then(() => {
        clearInterval(timer);
        fail(new Error(`exited before the interrupt: ${run.stderr()}`));
      });
    });
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`fmnist: interrupted; saved the model of epoch \\d+/10000 to ${out}`),
    );
    const history = JSON.parse(await readFile(join(out, 'history.json'), 'utf8'));
    expect(history.loss.length).toBeGreaterThanOrEqual(2);
  });

  it('two runs training into the same --out leave one whole model: model.json and weights.bin of the same run', async () => {
    const out = join(dir, 'shared');
    const runs = [
      ['--seed', '1', '--learning-rate', '0.00001'],
      ['--seed', '2', '--learning-rate', '0.01'],
    ].map((flags) =>
      fmnist([
        'train',
        '--data-dir',
        dataDir,
        '--no-verify',
        '--epochs',
        '2',
        '--out',
        out,
        '--json',
        ...flags,
      ]),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const losses = results.map((r) => JSON.parse(r.stdout).test.loss as number);
    expect(Math.abs((losses[0] as number) - (losses[1] as number))).toBeGreaterThan(1e-3); // the runs are told apart
    expect((await readdir(out)).sort()).toEqual(['history.json', 'model.json', 'weights.bin']);
    // The weights on disk score exactly the test loss recorded in model.json by the run that wrote it.
    const saved = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(losses).toContainEqual(saved.testLoss);
    const evaluated = await fmnist([
      'evaluate',
      '--model',
      out,
      '--data-dir',
      dataDir,
      '--no-verify',
      '--json',
    ]).done;
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout).loss).toBeCloseTo(saved.testLoss, 5);
  }, 120_000);
});
