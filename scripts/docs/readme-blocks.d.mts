// Types of readme-blocks.mjs, for the runner's own tests.
export declare class ReadmeBlockError extends Error {}
export interface ReadmeBlock {
  file: string;
  line: number;
  lang: string;
  kind: 'js' | 'ts' | 'script' | 'transcript';
  code: string;
  runIn?: string;
  vary?: string;
}
export interface ParsedReadme {
  file: string;
  blocks: ReadmeBlock[];
  notRun: { line: number; reason: string }[];
}
export interface Sandbox {
  root: string;
  dir: string;
  close(): void;
}
export declare function parseReadme(text: string, file: string): ParsedReadme;
export declare function createSandbox(readme: string): Sandbox;
export declare function runBlock(block: ReadmeBlock, sandbox: Sandbox): string | string[];
export declare function shownOutput(block: ReadmeBlock): string | string[] | null;
export declare function comparable(text: string, vary?: string): string;
export declare function rewriteOutputs(
  text: string,
  blocks: ReadmeBlock[],
  results: (string | string[])[],
): string;
export declare function repositoryRoot(from: string): string;
export declare function allReadmes(root: string): string[];
export declare function brokenLinks(text: string, file: string): string[];
export declare function unnamedImports(text: string): string[];
export declare function keepUnchangedLines<T extends string | string[]>(
  shown: T | null,
  real: T,
  vary?: string,
): T;
