import { takeFirst } from '@fmnist/data';
import { evaluate } from '@fmnist/model';
import { createModel } from '@fmnist/model/layers';
import { train } from '@fmnist/train';
import type { PageBackend } from './app.js';
import { loadData } from './data.js';
import type { PageParams } from './params.js';

/** What `?bench=1` publishes as `window.__fmnistBench`, for the benchmark script to compare with Node. */
export interface BenchResult {
  readonly epochSeconds: number[];
  readonly testAcc: number;
  readonly testLoss: number;
  readonly backend: string;
  readonly simd: boolean;
  readonly threads: number;
  readonly isolated: boolean;
  /** Which training loop ran: `fast` unless the engine cannot run the fast trainer's kernels. */
  readonly trainer: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly trainCount: number;
  readonly userAgent: string;
}

declare global {
  interface Window {
    __fmnistBench?: BenchResult | { error: string };
  }
}

/**
 * The seed job, as the CLI runs it: createModel({ seed: 42 }), `epochs` epochs of batch 32 on the training set,
 * then the test split. No UI work while it runs: one status line before and the result after.
 */
export async function runBench(params: PageParams, backend: PageBackend, out: HTMLElement): Promise<void> {
  const status = document.createElement('p');
  status.id = 'bench-status';
  status.setAttribute('role', 'status');
  const pre = document.createElement('pre');
  pre.id = 'bench-result';
  out.append(status, pre);
  try {
    const epochs = params.epochs ?? 1;
    const batchSize = params.batchSize ?? 32;
    status.textContent = 'Loading the dataset…';
    const [trainSplit, testSplit] = await Promise.all([loadData('train'), loadData('test')]);
    const split = params.limit ? takeFirst(trainSplit, params.limit) : trainSplit;
    status.textContent = `Training ${epochs} epoch(s) on ${split.count} images…`;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const model = createModel({ seed: 42 });
    const history = await train(model, split, { epochs, batchSize });
    const scored = evaluate(model, testSplit);
    model.dispose();
    const result: BenchResult = {
      epochSeconds: history.epochs.map((epoch) => epoch.seconds),
      testAcc: scored.accuracy,
      testLoss: scored.loss,
      backend: backend.backend,
      simd: backend.simd,
      threads: backend.threads,
      isolated: backend.isolated,
      trainer: history.trainer,
      epochs,
      batchSize,
      trainCount: split.count,
      userAgent: navigator.userAgent,
    };
    window.__fmnistBench = result;
    pre.textContent = JSON.stringify(result, null, 2);
    status.textContent = 'Done.';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    window.__fmnistBench = { error: message };
    pre.textContent = JSON.stringify({ error: message }, null, 2);
    status.textContent = `Failed: ${message}`;
  }
}
