// Types of readme-test.mjs, for the TypeScript tests that run a README's blocks.
export declare function testReadme(readme: string, options?: { timeout?: number }): void;
