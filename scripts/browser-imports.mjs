// What a browser entry point pulls in from its own package: the modules it reaches through relative imports, and
// those that import a Node built-in or call require(). Tests of each package's browser entry use it (jest runs
// them from the TypeScript sources, so `./x.js` is read as `./x.ts`).
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Follows the relative imports from `entries` (files in `dir`). Returns the modules reached (relative to `dir`,
 * sorted) and those of them that use Node (`from 'node:…'`, `fs`, `path`, …, or `require(`).
 */
export function browserImports(dir, entries) {
  const seen = new Set();
  const usesNode = [];
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    if (/from ['"](node:|fs|path|url|crypto|os)['"/]/.test(source) || /\brequire\(/.test(source))
      usesNode.push(relative(dir, file));
    for (const [, local] of source.matchAll(/from '(\.\/[^']+)\.js'/g))
      visit(join(dirname(file), `${local}.ts`));
  };
  for (const entry of entries) visit(join(dir, entry));
  return { modules: [...seen].map((file) => relative(dir, file)).sort(), usesNode };
}
