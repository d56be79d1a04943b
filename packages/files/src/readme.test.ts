import { join } from 'node:path';
import { testReadme } from '../../../scripts/docs/readme-test.mjs';

testReadme(join(__dirname, '../README.md'));
