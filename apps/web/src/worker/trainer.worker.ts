/**
 * The training worker: loads the test split (download or Cache Storage, gunzip, checksum: none of it on the page's
 * thread), trains (the fast trainer on its own WASM backend) and scores models on the test split, so that the
 * page's thread only draws. The training split is downloaded here, when the first run asks for it.
 */
import { type Split, takeFirst } from '@fmnist/data';
import { classifyBatch, evaluate, initBackend } from '@fmnist/model';
import { createModel, loadClassifier } from '@fmnist/model/layers';
import { train } from '@fmnist/train';
import type { Model } from '../app.js';
import { loadData } from '../data.js';
import { toArtifacts } from './artifacts.js';
import type { Scored, TrainSettings, WorkerReply, WorkerRequest } from './protocol.js';

/** Test images shown with predictions on the page. */
const FIRST = 15;
/** Batch reports per epoch (the live charts' points). */
const REPORTS_PER_EPOCH = 100;

const post = (reply: WorkerReply) => postMessage(reply);
// The fast trainer runs on one thread: the single-threaded SIMD build, with no pthread workers to start.
const ready = initBackend({ backend: 'wasm', threads: 1 });
let test: Promise<Split> | undefined;
let trainSplit: Promise<Split> | undefined;
let controller: AbortController | undefined;

async function score(model: Model): Promise<Scored> {
  if (!test) throw new Error('the test images were not asked for');
  const split = await test;
  return {
    evaluation: evaluate(model, split),
    first: classifyBatch(model, split.images.subarray(0, Math.min(FIRST, split.count) * 784)),
  };
}

async function run(id: number, settings: TrainSettings, signal: AbortSignal): Promise<void> {
  trainSplit ??= loadData(
    'train',
    ({ loaded, total }) => post({ type: 'download', id, loaded, total }),
    signal,
  );
  const all = await trainSplit.catch((error: unknown) => {
    trainSplit = undefined;
    throw error;
  });
  const split = takeFirst(all, settings.limit);
  post({ type: 'training', id, count: split.count });
  await ready;
  const model = createModel();
  try {
    let epoch = 0;
    const history = await train(model, split, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      signal,
      onBatchEnd: ({ batch, batches, loss, acc }) => {
        if (batch % Math.max(1, Math.floor(batches / REPORTS_PER_EPOCH)) === 0 || batch === batches) {
          post({ type: 'batch', id, epoch, batch, batches, loss, acc });
        }
      },
      onEpochEnd: (index, logs) => {
        epoch = index + 1;
        post({ type: 'epoch', id, epoch, loss: logs.loss, acc: logs.acc, seconds: logs.seconds });
      },
    });
    if (history.epoch.length === 0) {
      post({ type: 'trained', id, result: undefined });
      return;
    }
    post({ type: 'scoring', id });
    const result = {
      artifacts: await toArtifacts(model),
      epochs: history.epoch.length,
      stopped: history.stopped !== undefined,
      count: split.count,
      scored: await score(model),
    };
    post({ type: 'trained', id, result });
  } finally {
    model.dispose();
  }
}

addEventListener('message', async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'stop') {
    controller?.abort();
    return;
  }
  const { id } = request;
  try {
    if (request.type === 'load-test') {
      test ??= loadData('test', ({ loaded, total }) => post({ type: 'download', id, loaded, total }));
      post({
        type: 'test',
        id,
        test: await test.catch((error: unknown) => {
          test = undefined;
          throw error;
        }),
      });
    } else if (request.type === 'score') {
      await ready;
      const classifier = await loadClassifier({ model: request.artifacts });
      try {
        post({ type: 'scored', id, scored: await score(classifier.model) });
      } finally {
        classifier.dispose();
      }
    } else {
      controller = new AbortController();
      await run(id, request.settings, controller.signal);
    }
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
});
