import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as browserEntry from './browser.js';
import * as nodeEntry from './index.js';

describe('the browser entry point', () => {
  it('exports what the Node entry point does, but the Node-only readers', () => {
    const nodeOnly = ['decodePicture', 'sniffFormat'];
    const browserOnly = ['readPixels'];
    expect(
      Object.keys(browserEntry)
        .filter((name) => !browserOnly.includes(name))
        .sort(),
    ).toEqual(
      Object.keys(nodeEntry)
        .filter((name) => !nodeOnly.includes(name))
        .sort(),
    );
  });

  it('imports no Node built-ins, directly or through its own modules', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      expect(source).not.toMatch(/from ['"](node:|fs|path|url|crypto|os)['"/]/);
      expect(source).not.toMatch(/\brequire\(/);
      for (const [, local] of source.matchAll(/from '(\.\/[^']+)\.js'/g))
        visit(join(dirname(file), `${local}.ts`));
    };
    visit(join(__dirname, 'browser.ts'));
    expect([...seen].map((f) => f.slice(__dirname.length + 1)).sort()).toEqual([
      'browser.ts',
      'common.ts',
      'cutout.ts',
      'errors.ts',
      'limits.ts',
      'pipeline.ts',
      'resize.ts',
      'verdict.ts',
    ]);
  });
});
