// What a browser entry point pulls in from its own package: the modules it reaches through relative imports and
// through the package's own "imports" aliases as a bundler resolves them (the "browser" condition), and those that
// import a Node built-in or call require(). Tests of each package's browser entry use it (jest runs them from the
// TypeScript sources, so `./x.js` is read as `./x.ts`, and an alias's `./dist/x.js` as `src/x.ts`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The package's `#alias` → the source file a bundler's "browser" condition gets, for aliases to its own files. */
function ownBrowserAliases(dir) {
  const manifest = join(dir, '..', 'package.json');
  const imports = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).imports ?? {}) : {};
  const aliases = new Map();
  for (const [alias, target] of Object.entries(imports)) {
    const browser = target.browser?.default ?? target.browser;
    const compiled = typeof browser === 'string' ? /^\.\/dist\/(.+)\.js$/.exec(browser) : null;
    if (compiled) aliases.set(alias, join(dir, `${compiled[1]}.ts`));
  }
  return aliases;
}

/**
 * Follows the relative imports and own aliases from `entries` (files in `dir`). Returns the modules reached
 * (relative to `dir`, sorted) and those of them that use Node (`from 'node:…'`, `fs`, `path`, …, or `require(`).
 */
export function browserImports(dir, entries) {
  const aliases = ownBrowserAliases(dir);
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
    for (const [, alias] of source.matchAll(/from '(#[^']+)'/g))
      if (aliases.has(alias)) visit(aliases.get(alias));
  };
  for (const entry of entries) visit(join(dir, entry));
  return { modules: [...seen].map((file) => relative(dir, file)).sort(), usesNode };
}
