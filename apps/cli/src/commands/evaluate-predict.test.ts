import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLASS_NAMES } from '@fmnist/data';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeJpeg, encodePng, run, syntheticData, tempDir, trouser } from '../harness.test.helpers.js';

let dir: string;
let dataDir: string;
let modelDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
  modelDir = join(dir, 'model');
  const trained = await run([
    'train',
    '--data-dir',
    dataDir,
    '--no-verify',
    '--epochs',
    '3',
    '--seed',
    '1',
    '--out',
    modelDir,
    '--quiet',
  ]);
  expect(trained.code).toBe(0);
});
afterAll(() => cleanup());

const data = () => ['--data-dir', dataDir, '--no-verify'];

describe('fmnist evaluate', () => {
  it('--json: loss, accuracy, per-class accuracy and the confusion matrix', async () => {
    const result = await run(['evaluate', '--model', modelDir, ...data(), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ command: 'evaluate', model: modelDir, count: 80, data: { verified: false } });
    // Three epochs learn the synthetic classes: far above chance (0.1), and a loss far below a uniform guess's ln 10.
    expect(doc.accuracy).toBeGreaterThan(0.8);
    expect(doc.loss).toBeGreaterThan(0);
    expect(doc.loss).toBeLessThan(Math.log(10) / 2);
    expect(doc.perClass).toHaveLength(10);
    expect(doc.perClass[9]).toEqual({
      label: 9,
      className: 'Ankle boot',
      accuracy: expect.any(Number),
      count: expect.any(Number),
    });
    expect(doc.perClass.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(80);
    expect(doc.confusionMatrix).toHaveLength(10);
    expect(result.stderr).toMatch(/^3\/3 ━{20} .* - accuracy: /m);
  });

  it('evaluates the pretrained model without --model, and says so', async () => {
    const result = await run(['evaluate', ...data(), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ command: 'evaluate', pretrained: true, count: 80 });
    expect(doc.model).toMatch(/[\\/]pretrained$/); // absolute, the shipped directory
    const text = await run(['evaluate', ...data()]);
    expect(text.stdout).toMatch(/^model: pretrained\n/);
  });

  it('prints a table', async () => {
    const result = await run(['evaluate', '--model', modelDir, ...data()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^model: .+\nloss: \d\.\d{4}\naccuracy: \d\.\d{4}\n/);
    expect(result.stdout.split('\n')[0]).toBe(`model: ${modelDir}`);
    for (const name of CLASS_NAMES) expect(result.stdout).toContain(name);
  });
});

describe('fmnist predict', () => {
  it('--index N: the true label and the top 3', async () => {
    const result = await run(['predict', '--model', modelDir, '--index', '5', ...data(), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.input).toEqual({
      kind: 'test',
      index: 5,
      label: expect.any(Number),
      className: expect.any(String),
    });
    expect(doc.predictions).toHaveLength(3);
    expect(doc.predictions[0].confidence).toBeGreaterThanOrEqual(doc.predictions[1].confidence);
    expect(typeof doc.correct).toBe('boolean');
    const text = await run(['predict', '--model', modelDir, '--index', '5', '--top', '5', ...data()]);
    const [first, ...rest] = text.stdout.split('\n');
    expect(first).toBe(`model: ${modelDir}`);
    expect(rest.join('\n')).toMatch(/^test image 5: true label \d \(.+\)\n( {2}\d\. .+%.*\n){5}$/);
  });

  it('--index out of range is a usage error', async () => {
    const result = await run(['predict', '--model', modelDir, '--index', '80', ...data()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('fmnist: --index 80 is out of range: the test set has 80 images (0–79)');
  });

  it('a dark trouser drawn on white (PNG) is inverted and recognised by the pretrained model', async () => {
    const file = join(dir, 'trouser.png');
    await writeFile(file, encodePng(60, 90, trouser()));
    const result = await run(['predict', file, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.pretrained).toBe(true);
    expect(doc.pictures).toHaveLength(1);
    expect(doc.pictures[0]).toMatchObject({
      path: file,
      format: 'png',
      width: 60,
      height: 90,
      inverted: true,
      background: 255,
      crop: { x: 16, y: 5, width: 29, height: 81 }, // the waistband spans x 16–44, y 5–85
      verdict: { confident: true },
    });
    expect(doc.pictures[0].predictions).toHaveLength(3);
    expect(doc.pictures[0].predictions[0].className).toBe('Trouser');
  });

  it('classifies many pictures and directories in one run, reporting a bad one without stopping', async () => {
    const photos = join(dir, 'photos');
    await mkdir(photos);
    await writeFile(join(photos, 'b-trouser.jpg'), encodeJpeg(60, 90, trouser()));
    await writeFile(join(photos, 'a-trouser.png'), encodePng(60, 90, trouser()));
    await writeFile(join(photos, 'notes.txt'), 'not a picture, skipped in a directory');
    const blank = join(dir, 'blank.png');
    await writeFile(blank, encodePng(40, 40, new Uint8Array(40 * 40 * 4).fill(255)));
    const gif = join(dir, 'y.gif');
    await writeFile(gif, 'GIF89a\x01\x00\x01\x00');
    const result = await run(['predict', blank, photos, gif, '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.pictures.map((p: { path: string }) => p.path)).toEqual([
      blank,
      join(photos, 'a-trouser.png'),
      join(photos, 'b-trouser.jpg'),
      gif,
    ]);
    expect(doc.pictures[0].verdict).toMatchObject({ confident: false, reason: 'all background' });
    expect(doc.pictures[1].predictions[0].className).toBe('Trouser');
    expect(doc.pictures[2].predictions[0].className).toBe('Trouser');
    expect(doc.pictures[3]).toEqual({
      path: gif,
      error: {
        code: 'PICTURE',
        message: `${gif}: a GIF image; only PNG and JPEG images are supported, convert it first`,
        path: gif,
      },
    });
    expect(result.stderr).toMatch(/fmnist: .*y\.gif: a GIF image.*\n$/);

    const text = await run(['predict', blank, photos]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('model: pretrained (photos)');
    expect(lines[1]).toMatch(/^picture +class +prob\.$/);
    expect(lines[2]).toMatch(
      /blank\.png +not sure +– +nothing stands out from the background; show one garment$/,
    );
    expect(lines[3]).toMatch(/a-trouser\.png +Trouser +\d+\.\d\d%$/);
    expect(lines).toHaveLength(5);

    // --top k for several pictures: each row goes on with the next k - 1 classes.
    const top3 = (await run(['predict', blank, photos, '--top', '3'])).stdout.trimEnd().split('\n');
    expect(top3[2]).toMatch(/blank\.png +not sure/);
    expect(top3[3]).toMatch(
      /a-trouser\.png +Trouser +\d+\.\d\d% {2}then [A-Za-z/ -]+ \d+\.\d\d%, [A-Za-z/ -]+ \d+\.\d\d%$/,
    );
    expect(top3[4]).toMatch(/b-trouser\.jpg +Trouser .* then .*, /);
  });

  it('after fmnist train saved ./fmnist-model, says the pretrained model is used and how to use the trained one', async () => {
    const here = join(dir, 'after-train');
    await mkdir(join(here, 'fmnist-model'), { recursive: true });
    await writeFile(join(here, 'fmnist-model', 'model.json'), '{}');
    const cwd = process.cwd();
    process.chdir(here); // the hint looks where fmnist train saves by default: the working directory
    try {
      const text = await run(['predict', '--index', '0', ...data()]);
      expect(text.code).toBe(0);
      expect(text.stdout.split('\n')[0]).toBe(
        'model: pretrained (not ./fmnist-model: add --model fmnist-model to use it)',
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads JPEG, and prints the top classes', async () => {
    const file = join(dir, 'trouser.jpg');
    await writeFile(file, encodeJpeg(60, 90, trouser()));
    const result = await run(['predict', file, '--top', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^model: pretrained \(photos\)\n.*trouser\.jpg: JPEG 60×90, light background \(inverted\)\n {2}1\. Trouser +\d+\.\d\d%\n {2}2\. .+\n$/,
    );
  });

  it('refuses other formats and missing files with exit 1', async () => {
    const gif = join(dir, 'x.gif');
    await writeFile(gif, 'GIF89a\x01\x00\x01\x00');
    const bad = await run(['predict', gif]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `fmnist: ${gif}: a GIF image; only PNG and JPEG images are supported, convert it first\n`,
    );
    const missing = await run(['predict', join(dir, 'nope.png')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.png: no such file; pass the path of a PNG or JPEG image\n$/);
  });
});
