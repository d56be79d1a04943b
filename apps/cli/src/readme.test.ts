import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testReadme } from '../../../scripts/docs/readme-test.mjs';

const ROOT = join(__dirname, '../../..');
const DOCS = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));

// The command's README, and the repository's README and docs, whose runnable blocks are `fmnist` commands.
for (const file of ['apps/cli/README.md', 'README.md', ...DOCS.map((name) => `docs/${name}`)]) {
  testReadme(join(ROOT, file));
}
