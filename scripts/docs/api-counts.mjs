// How big each published package's public API is: the names (values and types) every entry point of its
// `exports` map declares, read from the built declaration files with the TypeScript compiler, and their sum per
// package. docs/architecture.md shows this table (the README runner checks it there), so a package that grows
// shows in review. Usage: node scripts/docs/api-counts.mjs (after a build).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The public workspace packages under packages/, with the declaration file of each entry point but `./test`. */
function entryPoints() {
  const packages = [];
  for (const name of readdirSync(join(ROOT, 'packages')).sort()) {
    const dir = join(ROOT, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const entries = Object.entries(manifest.exports ?? {})
      .filter(([subpath, target]) => subpath !== './test' && typeof target === 'object' && target.types)
      .map(([subpath, target]) => ({ subpath, declarations: join(dir, target.types) }));
    packages.push({ name: manifest.name, entries });
  }
  return packages;
}

const packages = entryPoints();
const program = ts.createProgram(
  packages.flatMap(({ entries }) => entries.map((entry) => entry.declarations)),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true },
);
const checker = program.getTypeChecker();
const namesOf = (file) => {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is missing: build the packages first (npm run build)`);
  return checker.getExportsOfModule(checker.getSymbolAtLocation(source)).length;
};

const rows = packages.map(({ name, entries }) => {
  const counts = entries.map(({ subpath, declarations }) => [subpath, namesOf(declarations)]);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  return [name, String(total), counts.map(([subpath, count]) => `${subpath} ${count}`).join(', ')];
});
const header = ['package', 'names', 'by entry point'];
const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
const line = (cells) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]))
    .join('  ')
    .trimEnd();
console.log([line(header), ...rows.map(line)].join('\n'));
