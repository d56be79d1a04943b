// `npm run docs:outputs [README…]`: runs every README's blocks (all READMEs when none is named) against the built
// packages and rewrites each shown output with the real one, made machine-independent by the rules in
// readme-blocks.mjs. The READMEs' tests compare with the same rules, so after a change to what a command prints
// this is the whole fix; review the diff.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allReadmes,
  createSandbox,
  keepUnchangedLines,
  parseReadme,
  repositoryRoot,
  rewriteOutputs,
  runBlock,
  shownOutput,
} from './readme-blocks.mjs';

const root = repositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
const named = process.argv.slice(2).map((file) => resolve(file));
let failed = false;

for (const readme of named.length > 0 ? named : allReadmes(root)) {
  const name = relative(root, readme);
  const text = readFileSync(readme, 'utf8');
  const sandbox = createSandbox(readme);
  try {
    const { blocks } = parseReadme(text, name);
    const results = blocks.map((block) =>
      keepUnchangedLines(shownOutput(block), runBlock(block, sandbox), block.vary),
    );
    const updated = rewriteOutputs(text, blocks, results);
    if (updated === text) {
      console.log(`${name}: up to date (${blocks.length} block(s) run)`);
    } else {
      // Written beside, then renamed: an interrupted run never leaves half a README.
      writeFileSync(`${readme}.tmp`, updated);
      renameSync(`${readme}.tmp`, readme);
      console.log(`${name}: outputs rewritten (${blocks.length} block(s) run)`);
    }
  } catch (error) {
    failed = true;
    console.error(`docs:outputs: ${error.message}`);
  } finally {
    sandbox.close();
  }
}
process.exitCode = failed ? 1 : 0;
