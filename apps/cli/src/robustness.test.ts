/**
 * Keeps docs/robustness.md true: every row of its table is either a CLI case run here (Test column `cli`) — the
 * exit code and the message pattern in the table are checked against what `fmnist` really does — or names the test
 * file and test that cover it, which must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FASHION_MNIST_MANIFEST } from '@fmnist/data';
import { encodeIdx, writeSyntheticDataset } from '@fmnist/data/test';
import { initBackend, saveModel } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tfl from '@tensorflow/tfjs-layers';
import { encodeJpeg, encodePng, run, tempDir } from './harness.test.helpers.js';

const ROOT = resolve(__dirname, '../../..');
const DOC = join(ROOT, 'docs/robustness.md');

interface Row {
  id: string;
  message: RegExp;
  exit: number | undefined;
  test: string;
}

/** The rows of the table in docs/robustness.md: `| id | case | input | message | exit | kept | test |`. */
function readTable(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (cells.length < 9 || !/^`[a-z0-9-]+`$/.test(cells[1] as string)) continue;
    const [, id, , , message, exit, , test] = cells as string[];
    const pattern = /^`(.*)`$/.exec(message as string)?.[1];
    rows.push({
      id: (id as string).slice(1, -1),
      message: new RegExp(pattern === undefined ? '' : pattern.replaceAll('\\|', '|')),
      exit: /^\d+$/.test(exit as string) ? Number(exit) : undefined,
      test: (test as string).replaceAll('`', ''),
    });
  }
  return rows;
}

let dir: string;
let cleanup: () => Promise<void>;
let modelDir: string;
/** A model already saved in the --out of the failing train runs: it must come out untouched. */
let keptOut: string;
let keptBefore: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('fmnist-robust-'));
  await initBackend();
  modelDir = join(dir, 'model');
  const model = createModel({ seed: 1 });
  await saveModel(model, modelDir);
  keptOut = join(dir, 'kept-out');
  await saveModel(model, keptOut);
  model.dispose();
  keptBefore = await readFile(join(keptOut, 'model.json'), 'utf8');
});
afterAll(() => cleanup());

let counter = 0;
/** A fresh synthetic dataset directory with `edit` applied; returns its path. */
async function dataset(edit: (dataDir: string) => Promise<void> = async () => {}): Promise<string> {
  const dataDir = join(dir, `data-${++counter}`);
  await writeSyntheticDataset(dataDir, { trainCount: 64, testCount: 16 });
  await edit(dataDir);
  return dataDir;
}
const fileOf = (dataDir: string, key: keyof typeof FASHION_MNIST_MANIFEST) =>
  join(dataDir, `${FASHION_MNIST_MANIFEST[key].name}.gz`);
const trainImages = (dataDir: string) => fileOf(dataDir, 'trainImages');

/** A copy of the saved model with `edit` applied; returns its directory. */
async function damagedModel(edit: (dir: string) => Promise<void>): Promise<string> {
  const copy = join(dir, `model-${++counter}`);
  await mkdir(copy);
  for (const name of ['model.json', 'weights.bin']) {
    await writeFile(join(copy, name), await readFile(join(modelDir, name)));
  }
  await edit(copy);
  return copy;
}
async function imageFile(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, `${++counter}-${name}`);
  await writeFile(path, bytes);
  return path;
}
async function expectKeptModelUntouched() {
  expect(await readFile(join(keptOut, 'model.json'), 'utf8')).toBe(keptBefore);
  expect(existsSync(join(keptOut, 'history.json'))).toBe(false);
}

interface Case {
  argv: () => Promise<string[]>;
  /** Checks what must be kept after the run. */
  after?: () => Promise<void>;
}

const dataCase = (edit: (dataDir: string) => Promise<void>, verify = false): Case => ({
  argv: async () => ['data', '--data-dir', await dataset(edit), ...(verify ? [] : ['--no-verify'])],
});

/** The CLI cases of the table, by id. */
const CASES: Record<string, Case> = {
  'data-truncated-gzip': dataCase(async (d) => {
    const whole = await readFile(trainImages(d));
    await writeFile(trainImages(d), whole.subarray(0, whole.length - 20));
  }),
  'data-corrupt-gzip': dataCase(async (d) => {
    const bytes = await readFile(trainImages(d));
    bytes.fill(0x55, 20, 60);
    await writeFile(trainImages(d), bytes);
  }),
  'data-wrong-magic': dataCase((d) => writeFile(trainImages(d), gzipSync('<html>not found</html>'))),
  'data-wrong-dtype': dataCase(async (d) => {
    const idx = encodeIdx([64, 28, 28], new Uint8Array(64 * 784));
    idx[2] = 0x0d; // float
    await writeFile(trainImages(d), gzipSync(idx));
  }),
  'data-wrong-dimensions': dataCase((d) =>
    writeFile(trainImages(d), gzipSync(encodeIdx([64, 20, 20], new Uint8Array(64 * 400)))),
  ),
  'data-count-mismatch': dataCase((d) =>
    writeFile(fileOf(d, 'trainLabels'), gzipSync(encodeIdx([63], new Uint8Array(63)))),
  ),
  'data-checksum': dataCase(async () => {}, true),
  'data-missing-file': dataCase((d) => rm(trainImages(d))),
  'train-corrupt-data': {
    argv: async () => [
      'train',
      '--data-dir',
      await dataset(async (d) => {
        const whole = await readFile(trainImages(d));
        await writeFile(trainImages(d), whole.subarray(0, 100));
      }),
      '--no-verify',
      '--epochs',
      '1',
      '--out',
      keptOut,
    ],
    after: expectKeptModelUntouched,
  },
  'train-diverged': {
    argv: async () => [
      'train',
      '--data-dir',
      await dataset(),
      '--no-verify',
      '--epochs',
      '2',
      '--learning-rate',
      '1e30',
      '--out',
      keptOut,
    ],
    after: expectKeptModelUntouched,
  },
  'train-at-chance': {
    argv: async () => [
      'train',
      '--limit',
      '2000',
      '--epochs',
      '1',
      '--learning-rate',
      '1000',
      '--out',
      keptOut,
    ],
    after: expectKeptModelUntouched,
  },
  'model-missing-dir': { argv: async () => ['predict', '--model', join(dir, 'no-model'), '--index', '0'] },
  'model-json-not-json': {
    argv: async () => [
      'evaluate',
      '--model',
      await damagedModel((m) => writeFile(join(m, 'model.json'), '{"modelTopology": ')),
      '--data-dir',
      await dataset(),
      '--no-verify',
    ],
  },
  'model-wrong-topology': {
    argv: async () => {
      const other = tfl.sequential({
        layers: [
          tfl.layers.flatten({ inputShape: [32, 32] }),
          tfl.layers.dense({ units: 5, activation: 'softmax' }),
        ],
      });
      const out = join(dir, `other-${++counter}`);
      await saveModel(other, out);
      other.dispose();
      return ['predict', '--model', out, '--index', '0', '--data-dir', await dataset(), '--no-verify'];
    },
  },
  'model-weights-short': {
    argv: async () => [
      'evaluate',
      '--model',
      await damagedModel(async (m) => {
        const bytes = await readFile(join(m, 'weights.bin'));
        await writeFile(join(m, 'weights.bin'), bytes.subarray(0, bytes.length - 40));
      }),
      '--data-dir',
      await dataset(),
      '--no-verify',
    ],
  },
  'model-weights-long': {
    argv: async () => [
      'predict',
      '--model',
      await damagedModel(async (m) => {
        const bytes = await readFile(join(m, 'weights.bin'));
        await writeFile(join(m, 'weights.bin'), Buffer.concat([bytes, Buffer.alloc(8)]));
      }),
      await imageFile('ok.png', encodePng(28, 28, new Uint8Array(28 * 28 * 4).fill(255))),
    ],
  },
  'image-not-image': { argv: async () => ['predict', await imageFile('notes.txt', 'hello, world\n')] },
  'image-empty': { argv: async () => ['predict', await imageFile('empty.png', '')] },
  'image-truncated-png': {
    argv: async () => [
      'predict',
      await imageFile('cut.png', encodePng(40, 40, new Uint8Array(6400).fill(128)).subarray(0, 60)),
    ],
  },
  'image-huge-jpeg': {
    argv: async () => {
      const bytes = Buffer.from(encodeJpeg(16, 16, new Uint8Array(1024).fill(200)));
      const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
      bytes.writeUInt16BE(6000, sof + 5);
      bytes.writeUInt16BE(8000, sof + 7);
      return ['predict', await imageFile('huge.jpg', bytes)];
    },
  },
  'image-1x1': {
    argv: async () => [
      'predict',
      await imageFile('dot.png', encodePng(1, 1, new Uint8Array([9, 9, 9, 255]))),
    ],
  },
  'image-wide': {
    argv: async () => [
      'predict',
      await imageFile('wide.png', encodePng(2000, 2, new Uint8Array(2000 * 2 * 4).fill(255))),
    ],
  },
  'usage-evaluate-unknown-flag': { argv: async () => ['evaluate', '--model', modelDir, '--bogus'] },
  'usage-predict-negative-index': { argv: async () => ['predict', '--index', '-1'] },
  'usage-predict-top-zero': { argv: async () => ['predict', '--index', '1', '--top', '0'] },
  'usage-train-seed-text': { argv: async () => ['train', '--seed', 'abc'] },
  'usage-train-batch-zero': { argv: async () => ['train', '--batch-size', '0'] },
  'usage-data-unknown-flag': { argv: async () => ['data', '--cache-dir', '/tmp'] },
  'usage-plot-unknown-flag': { argv: async () => ['plot', '--out', join(dir, 'p.png'), '--bogus'] },
  'usage-unknown-command': { argv: async () => ['download'] },
  'usage-data-dir-missing': { argv: async () => ['data', '--data-dir', join(dir, 'no-such-data')] },
  'usage-train-data-dir-missing': {
    argv: async () => ['train', '--data-dir', join(dir, 'no-such-data'), '--out', join(dir, 'unused')],
  },
  'usage-train-out-file': {
    argv: async () => [...(await trainOn()), '--out', await imageFile('a-file', 'not a directory')],
  },
  'usage-train-out-below-file': {
    argv: async () => [...(await trainOn()), '--out', join(await imageFile('plain', 'x'), 'model')],
  },
  'usage-train-plots-file': {
    argv: async () => [
      ...(await trainOn()),
      '--out',
      join(dir, 'unused'),
      '--plots',
      await imageFile('plots', 'x'),
    ],
  },
  'usage-train-batch-too-large': {
    argv: async () => [...(await trainOn()), '--batch-size', '100000', '--out', keptOut],
    after: expectKeptModelUntouched,
  },
  'usage-train-out-proc': {
    argv: async () => [...(await trainOn()), '--out', '/proc/fmnist-model'],
  },
  'usage-sweep-csv-below-file': {
    argv: async () => [...(await trainOn('sweep')), '--csv', join(await imageFile('plain', 'x'), 'x.csv')],
  },
  'usage-sweep-plot-proc': {
    argv: async () => [...(await trainOn('sweep')), '--plot', '/sys/sweep.svg'],
  },
  'usage-plot-unknown-kind': { argv: async () => ['plot', 'foo'] },
  'usage-plot-out-missing': { argv: async () => ['plot', 'samples'] },
  'usage-plot-out-dir-missing': {
    argv: async () => ['plot', 'samples', '--out', join(dir, 'no-such-dir', 'p.png')],
  },
};

/** `fmnist train` on a small good dataset: the case's own flag is the only thing wrong. */
/** `train` (or `sweep`) for one epoch on the test dataset. */
async function trainOn(command: 'train' | 'sweep' = 'train'): Promise<string[]> {
  return [command, '--data-dir', await dataset(), '--no-verify', '--epochs', '1'];
}

const rows = readTable();
const cliRows = rows.filter((row) => row.test === 'cli');

describe('docs/robustness.md', () => {
  it('has a CLI case here for every `cli` row, and a row for every case here', () => {
    expect(cliRows.length).toBeGreaterThan(20);
    expect(cliRows.map((row) => row.id).sort()).toEqual(Object.keys(CASES).sort());
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it('names tests that exist for the other rows', () => {
    const others = rows.filter((row) => row.test !== 'cli');
    expect(others.length).toBeGreaterThan(5);
    for (const row of others) {
      const [file, name] = row.test.split(' › ');
      expect({ id: row.id, file: existsSync(join(ROOT, file as string)) }).toEqual({
        id: row.id,
        file: true,
      });
      expect({
        id: row.id,
        found: readFileSync(join(ROOT, file as string), 'utf8').includes(name as string),
      }).toEqual({ id: row.id, found: true });
    }
  });

  it.each(cliRows.map((row) => [row.id, row] as const))('%s behaves as the table says', async (_, row) => {
    const testCase = CASES[row.id] as Case;
    const argv = await testCase.argv();
    const result = await run(argv);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: row.exit,
      stderr: expect.any(String),
    });
    // The error is the one line that starts with `fmnist: ` (train prints progress notes before it).
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('fmnist: '));
    if (row.exit === 0) {
      expect(errors).toEqual([]);
      expect(result.stdout).toMatch(row.message);
    } else {
      // `fmnist data` lists the places it searched on stdout before loading; other commands print nothing there.
      if (argv[0] !== 'data') expect(result.stdout).toBe('');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(row.message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
      // A usage error comes before any work: it is the first thing on stderr, with the usage line after it.
      if (row.exit === 2) expect(result.stderr).toMatch(/^fmnist: .*\nUsage: fmnist/);
      else expect(result.stderr.endsWith(`${errors[0]}\n`)).toBe(true); // the message is the last word
    }
    await testCase.after?.();
  });
});
