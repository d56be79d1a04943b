// Jest from the repository root: every workspace's suite as one project, so one test file runs from here, e.g.
// `npx jest apps/cli/src/readme.test.ts`. `npm test` still runs each package's suite through turbo.
/** @type {import('jest').Config} */
import preset from './jest.preset.js';

export default {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*'],
  // A global option: the projects' own (from the preset) count only when a package runs its suite alone.
  testTimeout: preset.testTimeout,
};
