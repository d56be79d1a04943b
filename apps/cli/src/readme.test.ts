import { join } from 'node:path';
import { testReadme } from '../../../scripts/docs/readme-test.mjs';

// The command's README, and the repository's, whose runnable blocks are `fmnist` commands.
testReadme(join(__dirname, '../README.md'));
testReadme(join(__dirname, '../../../README.md'));
