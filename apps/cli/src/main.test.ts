import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { run, syntheticData, tempDir } from './harness.test.helpers.js';

describe('usage', () => {
  it('prints help with the exit codes, exit 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: fmnist');
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*130/);
    for (const command of ['train', 'sweep', 'evaluate', 'predict', 'data']) {
      const sub = await run([command, '--help']);
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain(`Usage: fmnist ${command}`);
      expect(sub.stdout).toContain('Exit codes:');
    }
  });

  it('documents the train defaults', async () => {
    const { stdout } = await run(['train', '--help']);
    for (const flag of [
      '--epochs <n>',
      '--batch-size <n>',
      '--learning-rate <lr>',
      '--validation-split <f>',
      '--seed <n>',
      '--data-dir <dir>',
      '--out <dir>',
      '--backend <name>',
      '--trainer <kind>',
      '--limit <n>',
      '--json',
      '--quiet',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('(default: 10)');
    expect(stdout).toContain('(default: 32)');
    expect(stdout).toContain('(default: 0.001)');
    expect(stdout).toContain('default: "wasm")');
  });

  it.each([
    [['train', '--epochs', 'abc']],
    [['train', '--epochs', '0']],
    [['train', '--epochs', '-1']],
    [['train', '--batch-size', '2.5']],
    [['train', '--learning-rate', '0']],
    [['train', '--learning-rate', 'fast']],
    [['train', '--validation-split', '1']],
    [['train', '--validation-split', '-0.1']],
    [['train', '--limit', '0']],
    [['train', '--backend', 'webgl']],
    [['train', '--trainer', 'turbo']],
    [['train', '--bogus']],
    [['train', 'extra']],
    [['trian']],
    [[]],
    [['predict', '--index', 'x']],
    [['predict', '--top', '11', '--index', '1']],
    [['predict']],
    [['predict', '--index', '3', 'shoe.png']],
    [['data', '--limit', '3']],
  ])('%j is a usage error: exit 2 with the usage line', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/(^fmnist: |Usage: fmnist)/m);
    expect(result.stderr).toMatch(/Usage: fmnist/);
  });

  it('names the bad value', async () => {
    const { stderr } = await run(['train', '--epochs', 'ten']);
    expect(stderr.split('\n')[0]).toBe(
      "fmnist: option '--epochs <n>' argument 'ten' is invalid. expected a positive integer.",
    );
    expect(stderr).toContain('Usage: fmnist train [options]');
  });

  it('suggests the command meant', async () => {
    const { stderr } = await run(['trian']);
    expect(stderr).toContain("unknown command 'trian'");
    expect(stderr).toContain('Did you mean train?');
  });

  it('prints the version', async () => {
    const result = await run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('runtime errors', () => {
  it('exit 1 with one line naming the culprit, no stack', async () => {
    const result = await run(['evaluate', '--model', '/nonexistent/model-dir']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'fmnist: /nonexistent/model-dir: not found; pass the directory a model was saved to with fmnist train',
    ]);
  });

  it('show the stack with --verbose', async () => {
    const result = await run(['evaluate', '--model', '/nonexistent/model-dir', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^fmnist: \/nonexistent\/model-dir: not found/);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('missing data files in --data-dir', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const result = await run(['data', '--data-dir', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^fmnist: .*missing train-images-idx3-ubyte\[\.gz\]/);
    } finally {
      await cleanup();
    }
  });
});

describe('fmnist data', () => {
  let dir: string;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    dataDir = await syntheticData(dir);
  });
  afterAll(() => cleanup());

  it('--json: one document with the sources, verification and counts', async () => {
    const result = await run(['data', '--data-dir', dataDir, '--no-verify', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toEqual({
      schemaVersion: 1,
      command: 'data',
      sources: [
        {
          kind: 'directory',
          location: dataDir,
          present: true,
          files: {
            trainImages: `${dataDir}/train-images-idx3-ubyte.gz`,
            trainLabels: `${dataDir}/train-labels-idx1-ubyte.gz`,
            testImages: `${dataDir}/t10k-images-idx3-ubyte.gz`,
            testLabels: `${dataDir}/t10k-labels-idx1-ubyte.gz`,
          },
        },
      ],
      loaded: { kind: 'directory', location: dataDir, verified: false },
      counts: { train: 320, test: 80 },
    });
  });

  it('text output, and a checksum failure that says how to skip the check', async () => {
    const verified = await run(['data', '--data-dir', dataDir]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('present');
    expect(verified.stderr).toMatch(/^fmnist: .*SHA-256.*--no-verify/);
    const plain = await run(['data', '--data-dir', dataDir, '--no-verify']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/Train:\s+320 images/);
    expect(plain.stdout).toMatch(/Verified:\s+no/);
  });

  it('lists every local source searched without --data-dir', async () => {
    const result = await run(['data', '--json']);
    if (result.code !== 0) return; // no dataset on this machine: nothing more to check here
    const doc = JSON.parse(result.stdout);
    expect(doc.sources.map((s: { kind: string }) => s.kind)).toEqual(
      expect.arrayContaining(['cache', 'system']),
    );
    expect(doc.counts).toEqual({ train: 60000, test: 10000 });
    expect(doc.loaded.verified).toBe(true);
  });
});
