// One jest suite per README: each runnable block is a test, in README order and sharing one sandbox, so a later
// block may use what an earlier one made (a trained model), as a reader following the README would.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  brokenLinks,
  comparable,
  createSandbox,
  parseReadme,
  repositoryRoot,
  runBlock,
  shownOutput,
  unnamedImports,
} from './readme-blocks.mjs';

/** Defines the tests of `readme` (an absolute path); `timeout` is per block, in milliseconds. */
export function testReadme(readme, { timeout = 300_000 } = {}) {
  const name = relative(repositoryRoot(readme), readme);
  describe(name, () => {
    const text = readFileSync(readme, 'utf8');
    it('links only to files that exist', () => {
      expect(brokenLinks(text, readme)).toEqual([]);
    });
    it('names in its npm install line every package its examples import', () => {
      expect(unnamedImports(text)).toEqual([]);
    });
    let parsed;
    let unclassified;
    try {
      parsed = parseReadme(text, name);
    } catch (error) {
      unclassified = error;
    }
    it('has only fenced blocks that run or are marked <!-- not-run: why -->', () => {
      if (unclassified) throw unclassified;
    });
    if (!parsed) return;
    const sandbox = createSandbox(readme);
    afterAll(() => sandbox.close());
    for (const block of parsed.blocks) {
      it(
        `runs the ${block.lang} block at line ${block.line} and prints what it shows`,
        () => {
          const actual = runBlock(block, sandbox);
          const shown = shownOutput(block);
          if (shown === null) return;
          const masked = (output) => comparable(output, block.vary);
          const [want, got] = [shown, actual].map((o) => (Array.isArray(o) ? o.map(masked) : masked(o)));
          // On purpose after a change to what a command prints? `npm run docs:outputs` rewrites the shown output.
          expect(got).toEqual(want);
        },
        timeout,
      );
    }
  });
}
