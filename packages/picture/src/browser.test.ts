import { describe, expect, it } from '@jest/globals';
import { browserImports } from '../../../scripts/browser-imports.mjs';
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
    const { modules, usesNode } = browserImports(__dirname, ['browser.ts']);
    expect(usesNode).toEqual([]);
    expect(modules).toEqual([
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
