// The README runner itself (scripts/docs/readme-blocks.mjs): what it refuses, how it compares, that it rewrites.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  brokenLinks,
  comparable,
  createSandbox,
  keepUnchangedLines,
  parseReadme,
  ReadmeBlockError,
  rewriteOutputs,
  runBlock,
  shownOutput,
  unnamedImports,
} from '../../../scripts/docs/readme-blocks.mjs';

const ROOT = join(__dirname, '../../..');
const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\``;

describe('parseReadme', () => {
  it.each([
    ['a block in a language it cannot run', fence('yaml', 'a: 1'), /README.md:1: a `yaml` block/],
    ['an output block that follows nothing', `Output:\n\n${fence('', '42')}`, /README.md:3: an output block/],
    [
      'a not-run marker without a reason',
      `<!-- not-run: -->\n${fence('js', 'x')}`,
      /README.md:1: `not-run:` needs/,
    ],
    [
      'a transcript that does not start with a command',
      fence('console', 'hello\n$ ls'),
      /README.md:2: a transcript/,
    ],
    ['a fence never closed', '```js\nconsole.log(1)\n', /README.md:1: the fence opened here is never closed/],
  ])('refuses %s, naming the line', (_, text, message) => {
    expect(() => parseReadme(text, 'README.md')).toThrow(ReadmeBlockError);
    expect(() => parseReadme(text, 'README.md')).toThrow(message);
  });

  it('pairs code with the output fence after it, and skips marked blocks with theirs', () => {
    const text = [
      fence('js', 'console.log(1)'),
      'Output:',
      fence('', '1'),
      '<!-- not-run: needs a GPU -->',
      fence('sh', 'train --gpu'),
      fence('', 'done'),
      '<!-- run-in: docs -->',
      '<!-- vary: \\d+ s -->',
      fence('console', '$ ls\nbag.png\n\n$ pwd\n/x'),
    ].join('\n');
    const { blocks, notRun } = parseReadme(text, 'README.md');
    expect(notRun).toEqual([{ line: 9, reason: 'needs a GPU' }]);
    expect(blocks.map((b) => [b.kind, b.line, shownOutput(b)])).toEqual([
      ['js', 1, '1'],
      ['transcript', 17, ['bag.png', '/x']],
    ]);
    expect(blocks[1]).toMatchObject({ runIn: 'docs', vary: '\\d+ s' });
  });
});

describe('unnamedImports', () => {
  it('lists the packages examples import that the install line leaves out, by package, without built-ins', () => {
    const text = [
      '```sh',
      'npm install @fmnist/model @tensorflow/tfjs-core',
      '```',
      '```js',
      "import { readFile } from 'node:fs/promises';",
      "import { loadFashionMnist } from '@fmnist/data';",
      "import { createModel } from '@fmnist/model/layers';",
      "import sharp from 'sharp';",
      "import { helper } from './helper.js';",
      '```',
    ].join('\n');
    expect(unnamedImports(text)).toEqual(['@fmnist/data', 'sharp']);
    expect(
      unnamedImports(
        text.replace('npm install @fmnist/model', 'npm install @fmnist/model @fmnist/data sharp'),
      ),
    ).toEqual([]);
  });
});

describe('brokenLinks', () => {
  it('lists relative links to missing files by line, and leaves anchors and URLs alone', () => {
    const text =
      '[ok](README.md) [web](https://x.org/a) [here](#usage)\n[gone](docs/nothing.md#x) [ok](docs#y)';
    expect(brokenLinks(text, join(ROOT, 'README.md'))).toEqual(['2: docs/nothing.md#x']);
  });
});

describe('comparable', () => {
  it('ignores durations and the width of runs of spaces, nothing else', () => {
    const shown = '1875/1875 ━━ 16s 9ms/step - accuracy: 0.8267  (9.9 s), ETA 12s';
    expect(comparable('1875/1875 ━━ 1s 732us/step - accuracy: 0.8267 (10.2 s), ETA 3s')).toBe(
      comparable(shown),
    );
    expect(comparable('1875/1875 ━━ 1s 732us/step - accuracy: 0.8771 (10.2 s), ETA 3s')).not.toBe(
      comparable(shown),
    );
    expect(comparable('2 seeds, 10 epochs')).toBe('2 seeds, 10 epochs');
  });

  it('ignores what a vary marker names', () => {
    expect(comparable('hidden 128  4.0  118,282', '\\d+\\.\\d(?= +[\\d,]+$)')).toBe(
      comparable('hidden 128  12.5  118,282', '\\d+\\.\\d(?= +[\\d,]+$)'),
    );
  });
});

describe('keepUnchangedLines', () => {
  it('takes the real output but keeps shown lines that differ only in timings, so reruns do not churn', () => {
    const shown =
      'Epoch 1/2\n1875/1875 1s 700us/step - acc 0.8254\nEpoch 2/2\n1875/1875 1s 690us/step - acc 0.8677';
    const real =
      'Epoch 1/2\n1875/1875 4s 2ms/step - acc 0.8254\nEpoch 2/2\n1875/1875 3s 2ms/step - acc 0.8700\nmodel: x';
    expect(keepUnchangedLines(shown, real)).toBe(
      'Epoch 1/2\n1875/1875 1s 700us/step - acc 0.8254\nEpoch 2/2\n1875/1875 3s 2ms/step - acc 0.8700\nmodel: x',
    );
    expect(keepUnchangedLines([shown], [real])).toEqual([keepUnchangedLines(shown, real)]);
    expect(keepUnchangedLines(null, real)).toBe(real);
  });
});

describe('runBlock and rewriteOutputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-runner-'));
  const readme = join(dir, 'README.md');
  // A README outside the repository is not a workspace package: its directory is copied into the sandbox.
  symlinkSync(join(ROOT, 'turbo.json'), join(dir, 'turbo.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs programs against the built packages and transcripts in order, and rewrites what they show', () => {
    const text = [
      '# demo',
      fence(
        'js',
        "import { CLASS_NAMES } from '@fmnist/data';\nconsole.log(CLASS_NAMES[9]);\nconsole.error(process.cwd());",
      ),
      fence('', 'Sneaker'),
      fence('console', '$ echo made > file.txt\n\n$ cat file.txt\nold'),
    ].join('\n');
    writeFileSync(readme, text);
    const { blocks } = parseReadme(text, 'README.md');
    const sandbox = createSandbox(readme);
    try {
      const results = blocks.map((block) => runBlock(block, sandbox));
      // stderr interleaved with stdout, and the sandbox's path made machine-independent.
      expect(results).toEqual(['Ankle boot\n…', ['', 'made']]);
      expect(rewriteOutputs(text, blocks, results)).toBe(
        [
          '# demo',
          fence(
            'js',
            "import { CLASS_NAMES } from '@fmnist/data';\nconsole.log(CLASS_NAMES[9]);\nconsole.error(process.cwd());",
          ),
          fence('', 'Ankle boot\n…'),
          fence('console', '$ echo made > file.txt\n\n$ cat file.txt\nmade'),
        ].join('\n'),
      );
    } finally {
      sandbox.close();
    }
  });

  it('fails a command that exits non-zero, naming the README line and showing its output', () => {
    const text = `intro\n\n${fence('sh', 'echo about to fail\nexit 3')}`;
    writeFileSync(readme, text);
    const sandbox = createSandbox(readme);
    try {
      const { blocks } = parseReadme(text, 'README.md');
      expect(() => blocks.map((block) => runBlock(block, sandbox))).toThrow(
        /README.md:3: the script failed \(exit 3\):\nabout to fail/,
      );
    } finally {
      sandbox.close();
    }
  });
});
