import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { testReadme } from '../../../scripts/docs/readme-test.mjs';

const ROOT = join(__dirname, '../../..');
const DOCS = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));

// The command's README, and the repository's README and docs, whose runnable blocks are `fmnist` commands.
for (const file of ['apps/cli/README.md', 'README.md', ...DOCS.map((name) => `docs/${name}`)]) {
  testReadme(join(ROOT, file));
}

// The repository's first screen: what it is, the two commands, three to try, the packages and links; the rest of
// what a maintainer needs lives in docs/.
it('keeps the root README to one screen, 60 lines', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(60);
});
