import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { fakeIo, run, syntheticData, tempDir } from './harness.test.helpers.js';
import { createProgram } from './main.js';

const SCHEMAS = join(__dirname, '../schemas');
const PICTURES = join(__dirname, '../../../docs/pictures');

// Strict: a schema using an unknown keyword or a misspelt one fails to compile rather than checking nothing.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction>(
  readdirSync(SCHEMAS).map((file) => [
    file.replace('.schema.json', ''),
    ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8'))),
  ]),
);
/** The schemas some real output was checked against. */
const used = new Set<string>();

/** Parses `stdout` as one JSON document and checks it against `schema`; returns it. */
function valid(stdout: string, schema: string): Record<string, unknown> {
  const document = JSON.parse(stdout);
  const validate = validators.get(schema);
  if (!validate) throw new Error(`no schemas/${schema}.schema.json`);
  const ok = validate(document);
  expect({ schema, errors: ok ? [] : ajv.errorsText(validate.errors).split(', ') }).toEqual({
    schema,
    errors: [],
  });
  expect(document.schemaVersion).toBe(1);
  used.add(schema);
  return document;
}

let dir: string;
let dataDir: string;
let modelDir: string;
let cleanup: () => Promise<void>;
const data = () => ['--data-dir', dataDir, '--no-verify'];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dataDir = await syntheticData(dir);
  modelDir = join(dir, 'model');
});
afterAll(() => cleanup());

describe('--json documents, checked against the schemas shipped in schemas/', () => {
  it('every command has a schema (--json is a global flag)', () => {
    const program = createProgram({ io: fakeIo().io, handleSignals: false, verbose: false, exitCode: 0 });
    expect(program.options.some((option) => option.long === '--json')).toBe(true);
    const commands = program.commands.map((command) => command.name());
    expect(commands.sort()).toEqual([...validators.keys()].filter((name) => name !== 'error').sort());
  });

  it('train, then evaluate, plot and predict with the model it saved', async () => {
    const trained = await run(['train', ...data(), '--epochs', '1', '--out', modelDir, '--json', '--quiet']);
    expect(trained.code).toBe(0);
    const train = valid(trained.stdout, 'train');
    expect(train).toMatchObject({ model: modelDir, historyFile: join(modelDir, 'history.json') });
    expect(train).not.toHaveProperty('test_acc'); // it is test.accuracy

    const evaluated = await run(['evaluate', '--model', modelDir, ...data(), '--json', '--quiet']);
    expect(valid(evaluated.stdout, 'evaluate')).toMatchObject({ model: modelDir, pretrained: false });

    for (const kind of ['confusion', 'history']) {
      const out = join(dir, `${kind}.svg`);
      const plotted = await run(['plot', kind, '--model', modelDir, ...data(), '--out', out, '--json', '-q']);
      expect(valid(plotted.stdout, 'plot')).toMatchObject({ kind, model: modelDir, file: out });
    }

    const predicted = await run(['predict', '--index', '3', '--model', modelDir, ...data(), '--json']);
    const predict = valid(predicted.stdout, 'predict');
    expect(predict).toMatchObject({ model: modelDir, pretrained: false, input: { index: 3 } });
    expect(predict.predictions).toContainEqual(expect.objectContaining({ confidence: expect.any(Number) }));
  });

  it('predict on real pictures with the pretrained model, one unreadable: absolute paths, exit 1', async () => {
    const missing = join(dir, 'missing.png');
    const result = await run(['predict', PICTURES, missing, '--json']);
    expect(result.code).toBe(1);
    const document = valid(result.stdout, 'predict');
    expect(document.pretrained).toBe(true);
    const pictures = document.pictures as { path: string; error?: { code: string; path: string } }[];
    expect(pictures.map((p) => p.path)).toEqual([
      ...['bag.png', 'dot.png', 'sneaker.jpg', 'trouser-drawing.png'].map((name) => join(PICTURES, name)),
      missing,
    ]);
    expect(pictures[4]?.error).toMatchObject({ code: 'PICTURE', path: missing });
  });

  it('data and sweep', async () => {
    valid((await run(['data', ...data(), '--json'])).stdout, 'data');
    const swept = await run([
      'sweep',
      '--seeds',
      '1',
      '--epochs',
      '1',
      '--jobs',
      '1',
      ...data(),
      '--json',
      '-q',
    ]);
    expect(swept.code).toBe(0);
    valid(swept.stdout, 'sweep');
  });

  it('a failure is an error document on stdout, with the exit code it has without --json', async () => {
    const usage = await run(['train', '--epochs', 'x', '--json']);
    expect(usage.code).toBe(2);
    expect(valid(usage.stdout, 'error')).toMatchObject({
      command: 'train',
      error: { code: 'USAGE', flag: '--epochs', hint: "run 'fmnist train --help' for the options" },
    });
    expect(usage.stderr).toMatch(/^fmnist: option '--epochs <n>' argument 'x' is invalid/);

    // The command commander chose, not the first command name among the arguments; --json wherever it stands.
    const misnamed = await run(['predict', '--top', '0', '--json', 'train']);
    expect(misnamed.code).toBe(2);
    expect(valid(misnamed.stdout, 'error')).toMatchObject({ command: 'predict', error: { flag: '--top' } });
    const before = await run(['predict', '--json', '--top', '0', 'train']);
    expect(valid(before.stdout, 'error')).toMatchObject({ command: 'predict' });

    const range = await run(['predict', '--index', '99999', ...data(), '--json']);
    expect(range.code).toBe(2);
    expect(valid(range.stdout, 'error')).toMatchObject({ command: 'predict', error: { flag: '--index' } });

    const runtime = await run(['evaluate', '--model', join(dir, 'nothing-here'), '--json']);
    expect(runtime.code).toBe(1);
    expect(valid(runtime.stdout, 'error')).toEqual({
      schemaVersion: 1,
      command: 'evaluate',
      error: {
        code: 'MODEL_NOT_FOUND',
        message: `${join(dir, 'nothing-here')}: not found`,
        hint: 'pass the directory a model was saved to with fmnist train',
        path: join(dir, 'nothing-here'),
      },
    });

    const unknown = await run(['nope', '--json']);
    expect(unknown.code).toBe(2);
    expect(valid(unknown.stdout, 'error')).toMatchObject({ command: null, error: { code: 'USAGE' } });
    expect((await run(['nope'])).stdout).toBe(''); // without --json, stdout stays empty
  });

  it('the schemas reject what they do not describe: an old field name, a relative path', () => {
    const validate = validators.get('plot') as ValidateFunction;
    const document = { schemaVersion: 1, command: 'plot', kind: 'history', model: null, pretrained: false };
    const good = { ...document, file: '/tmp/h.svg', format: 'svg', bytes: 10 };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, file: 'h.svg' })).toBe(false);
    expect(validate({ ...good, probability: 1 })).toBe(false);
    expect(validate({ ...good, schemaVersion: 2 })).toBe(false);
  });

  it('checked every schema against real output', () => {
    expect([...used].sort()).toEqual([...validators.keys()].sort());
  });
});
