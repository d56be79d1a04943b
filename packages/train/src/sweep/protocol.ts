/** What the sweep's main thread and its workers send each other. */
import type { Split } from '@fmnist/data';
import type { SweepRun } from './grid.js';

/** Given to each worker at start: both splits, over SharedArrayBuffers (read-only by convention). */
export interface WorkerData {
  readonly train: Split;
  readonly test: Split;
}

/** Main → worker: train this run (the worker answers with its `RunResult`). */
export interface WorkerRequest {
  readonly run: SweepRun;
}
