import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testReadme } from '../../../scripts/docs/readme-test.mjs';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = readdirSync(join(ROOT, 'examples')).map((name) => `examples/${name}`);

// This package's README, and the READMEs whose code is built on it: the error base's (its example catches a
// model-loading error) and every example's.
for (const dir of ['packages/model', 'packages/errors', ...EXAMPLES])
  testReadme(join(ROOT, dir, 'README.md'));
