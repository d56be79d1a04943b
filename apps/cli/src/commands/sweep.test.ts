import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fakeIo, run, syntheticData, tempDir } from '../harness.test.helpers.js';
import { main } from '../main.js';

let dir: string;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
});
afterAll(() => cleanup());

// Two architectures × three seeds, one epoch each, on the small synthetic dataset.
const grid = () => [
  'sweep',
  '--data-dir',
  dataDir,
  '--no-verify',
  '--epochs',
  '1',
  '--seeds',
  '1-3',
  '--hidden',
  '16',
  '--hidden',
  '24,8',
  '--jobs',
  '2',
];

describe('fmnist sweep', () => {
  let whole: { summaries: { label: string; runs: number; testAccuracy: { mean: number; std: number } }[] };

  it('--json: every run and one summary per configuration; the CSV and the picture written', async () => {
    const csv = join(dir, 'runs.csv');
    const plot = join(dir, 'sweep.svg');
    const result = await run([...grid(), '--json', '--csv', csv, '--plot', plot]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    whole = doc;
    expect(doc).toMatchObject({
      command: 'sweep',
      interrupted: false,
      total: 6,
      done: 6,
      failed: 0,
      jobs: 2,
    });
    expect(
      doc.summaries.map((row: { label: string; runs: number; parameters: number }) => [
        row.label,
        row.runs,
        row.parameters,
      ]),
    ).toEqual([
      ['hidden 16 · lr 0.001 · batch 32 · epochs 1', 3, 784 * 16 + 16 + 16 * 10 + 10],
      ['hidden 24,8 · lr 0.001 · batch 32 · epochs 1', 3, 784 * 24 + 24 + 24 * 8 + 8 + 8 * 10 + 10],
    ]);
    expect(result.stderr).toMatch(
      /\[1\/6\] seed \d, hidden [0-9,]+ .*: test_acc 0\.\d{4} \([0-9.]+ s\), ETA/,
    );
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'run,seed,hidden,learning_rate,batch_size,epochs,ok,test_acc,test_loss,seconds,error',
    );
    expect(lines).toHaveLength(7);
    // Hidden sizes as 128x128 would be written, the loss to 4 decimals.
    expect(lines[4]).toMatch(/^3,1,24x8,0\.001,32,1,1,0\.\d{4},\d+\.\d{4},/);
    expect(await readFile(plot, 'utf8')).toContain('hidden 24,8 · lr 0.001');
  });

  it('--help shows the defaults as they are typed', async () => {
    const help = (await run(['sweep', '--help'])).stdout;
    expect(help).toMatch(/--seeds <list> +seeds, e\.g\. 1-8 or 1,2,5 \(default: 1-8\)/);
    expect(help).toMatch(/\(default: 32\)/);
    expect(help).not.toMatch(/\[1,2,3/);
  });

  it('prints the table: mean ± std, min–max, seconds and parameters per configuration', async () => {
    const result = await run([...grid(), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [header, first] = result.stdout.split('\n');
    expect(header).toMatch(
      /configuration +runs +test_acc mean ± std +min–max +test_loss mean ± std +s\/run +params/,
    );
    expect(first).toMatch(
      /^hidden 16 · lr 0\.001 · batch 32 · epochs 1 +3\/3 +0\.\d{4} ± 0\.\d{4} +0\.\d{4}–0\.\d{4} +\d\.\d{4} ± \d\.\d{4} +[0-9.]+ +12,730$/,
    );
  });

  it('--shard i/n writes disjoint slices that --collect merges into the same table', async () => {
    const results = join(dir, 'shards');
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = await run([...grid(), '--shard', shard, '--results-dir', results, '--quiet', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, done: 2 });
    }
    const collected = await run(['sweep', '--collect', results, '--json']);
    expect(collected.code).toBe(0);
    const doc = JSON.parse(collected.stdout);
    expect(doc.summaries).toEqual(whole.summaries.map((row) => ({ ...row, seconds: expect.any(Number) })));
    expect(collected.stderr).toContain('Collected 6 of 6 runs from 3 shard file(s)');
  });

  it('says what is wrong with bad flags (exit 2) and unreadable shard directories (exit 1)', async () => {
    const noDir = await run([...grid(), '--shard', '1/2']);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('--shard needs --results-dir DIR');
    const badShard = await run([...grid(), '--shard', '3/2']);
    expect(badShard.code).toBe(2);
    expect(badShard.stderr).toContain('expected i/n with 1 ≤ i ≤ n');
    const empty = await run(['sweep', '--collect', dataDir]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`no sweep-shard-*.json files in ${dataDir}`);
  });

  it('interrupted: keeps the finished runs, prints their table, exits 130', async () => {
    const controller = new AbortController();
    const fake = fakeIo();
    const write = fake.io.stderr.write;
    fake.io.stderr.write = (s: string) => {
      if (s.startsWith('[1/')) controller.abort();
      return write(s);
    };
    const code = await main([...grid(), '--epochs', '1,40', '--json'], {
      io: fake.io,
      signal: controller.signal,
    });
    expect(code).toBe(130);
    const doc = JSON.parse(fake.stdout());
    expect(doc.interrupted).toBe(true);
    expect(doc.done).toBeGreaterThanOrEqual(1);
    expect(doc.done).toBeLessThan(12);
    expect(fake.stderr()).toMatch(/fmnist: interrupted; kept the \d+ finished run\(s\) of 12/);
  });
});
