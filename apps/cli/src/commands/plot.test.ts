import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import { run, syntheticData, tempDir } from '../harness.test.helpers.js';
import { PLOT_KINDS } from '../plots.js';

let dir: string;
let dataDir: string;
let modelDir: string;
let plotsDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
  modelDir = join(dir, 'model');
  plotsDir = join(dir, 'plots');
  const trained = await run([
    'train',
    ...data(),
    '--epochs',
    '2',
    '--seed',
    '1',
    '--out',
    modelDir,
    '--plots',
    plotsDir,
    '-q',
  ]);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
});
afterAll(() => cleanup());

const data = () => ['--data-dir', dataDir, '--no-verify'];
const plot = (kind: string, out: string, ...rest: string[]) =>
  run(['plot', kind, '--model', modelDir, ...data(), '--out', out, ...rest]);

describe('fmnist train --plots', () => {
  // The synthetic classes are easy: two epochs make no mistake on the test set, so there is no gallery to draw.
  const drawn = PLOT_KINDS.filter((kind) => kind !== 'misclassified');

  it('writes every picture with something to show, and a page showing them all', () => {
    const files = readdirSync(plotsDir).sort();
    expect(files).toEqual([...drawn.map((kind) => `${kind}.svg`), 'index.html'].sort());
    const page = readFileSync(join(plotsDir, 'index.html'), 'utf8');
    for (const kind of drawn) expect(page).toContain(`<img src="${kind}.svg"`);
    expect(readFileSync(join(plotsDir, 'history.svg'), 'utf8')).toMatch(
      /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
  });
});

describe('fmnist plot', () => {
  it.each(PLOT_KINDS.filter((kind) => kind !== 'misclassified'))(
    'draws %s as SVG, the same bytes every time',
    async (kind) => {
      const first = join(dir, `${kind}-1.svg`);
      const second = join(dir, `${kind}-2.svg`);
      expect((await plot(kind, first)).code).toBe(0);
      expect((await plot(kind, second)).code).toBe(0);
      const svg = readFileSync(first, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(readFileSync(second, 'utf8')).toBe(svg);
    },
  );

  it('says when a model makes no mistake to draw, with exit 1', async () => {
    const result = await plot('misclassified', join(dir, 'none.svg'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'fmnist: the model classifies every test image right: no misclassified images to draw\n',
    );
  });

  it('writes a PNG when the file name says so, and reports it with --json', async () => {
    const out = join(dir, 'samples.png');
    const result = await plot('samples', out, '--json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ command: 'plot', kind: 'samples', file: out, format: 'png' });
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBeGreaterThan(400);
    expect(doc.bytes).toBe(readFileSync(out).length);
    // Again: the picture already there is replaced, not in the way.
    expect((await plot('samples', out)).code).toBe(0);
  });

  it('draws the picture of the image asked for', async () => {
    const [a, b] = [join(dir, 'p3.svg'), join(dir, 'p4.svg')];
    await plot('prediction', a, '--index', '3');
    await plot('prediction', b, '--index', '4');
    expect(readFileSync(a, 'utf8')).not.toBe(readFileSync(b, 'utf8'));
  });

  it.each([
    [['samples', '--out', 'x.jpg'], /--out x\.jpg: give a file name ending in \.svg or \.png/],
    [['history', '--out', 'x.svg'], /history needs --model DIR/],
    [['prediction', '--out', 'x.svg', '--index', '80'], /--index 80 is out of range: 80 images \(0–79\)/],
    [['nonsense', '--out', 'x.svg'], /Allowed choices are image, samples/],
    [['samples'], /required option '--out <file>'/],
  ])('refuses %j with exit 2 and the usage line', async (args, message) => {
    const result = await run(['plot', ...args, ...data()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: fmnist plot');
  });
});
