// Types of browser-imports.mjs, for the TypeScript tests of the browser entry points.
export declare function browserImports(
  dir: string,
  entries: readonly string[],
): { modules: string[]; usesNode: string[] };
