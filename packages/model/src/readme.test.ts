import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const PACKAGE = join(__dirname, '..');
const PICTURES = join(PACKAGE, '../../docs/pictures');

/** The code block after `marker` in the README, and the output block after it. */
function example(marker: string): { code: string; output: string } {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf(marker));
  const [, code = '', output = ''] = /```js\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/.exec(after) ?? [];
  return { code, output };
}

describe('README', () => {
  it('classifies a photo as the "Your own pictures" example says (the built package, a real file)', () => {
    const { code, output } = example('<!-- picture-example');
    expect(code).toContain("classify('sneaker.jpg')");
    // Beside package.json, so `@fmnist/model` resolves to this package as an installed one would.
    const script = join(PACKAGE, '.readme-example.mjs');
    writeFileSync(script, code);
    try {
      const run = spawnSync(process.execPath, [script], { cwd: PICTURES, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toBe(output);
    } finally {
      rmSync(script, { force: true });
    }
  });
});
