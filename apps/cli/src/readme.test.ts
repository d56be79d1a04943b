import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join(__dirname, '../../..');

describe('README', () => {
  it('shows what `fmnist predict docs/pictures` really prints (the built command, real files)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const after = readme.slice(readme.indexOf('<!-- predict-example'));
    const [, command = '', output = ''] = /```sh\n\$ (.*)\n([\s\S]*?)```/.exec(after) ?? [];
    expect(command).toBe('node apps/cli/bin/fmnist.js predict docs/pictures');
    const run = spawnSync(process.execPath, command.split(' ').slice(1), {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toBe(output);
  });
});
