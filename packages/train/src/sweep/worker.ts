/**
 * A sweep worker: its own WASM backend instance, the dataset shared read-only with the other workers (typed arrays
 * over SharedArrayBuffers), and one run at a time, on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InvalidArgumentError } from '@fmnist/errors';
import { initBackend } from '@fmnist/model';
import type { WorkerData, WorkerRequest } from './protocol.js';
import { trainRun } from './run.js';

const port = parentPort;
if (port === null)
  throw new InvalidArgumentError(
    'the sweep worker module runs in a worker thread; start sweeps with runSweep',
  );
const { train, test } = workerData as WorkerData;
await initBackend({ backend: 'wasm' });
port.on('message', async ({ run }: WorkerRequest) => {
  port.postMessage(await trainRun(run, train, test));
});
port.postMessage('ready');
