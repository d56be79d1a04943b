import type { Split } from '@fmnist/data';
import type { Model } from '../app.js';
import type { DataProgress } from '../data.js';
import { toArtifacts } from './artifacts.js';
import type { Scored, TrainSettings, WorkerReply, WorkerRequest } from './protocol.js';

/** What a training run hands back: the model's data, its scores, and how far it got. */
export type Trained = NonNullable<Extract<WorkerReply, { type: 'trained' }>['result']>;

interface Job {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  progress?: (reply: WorkerReply) => void;
}

/**
 * The page's side of the training worker: jobs as promises, progress as callbacks. The worker (and its WASM
 * backend) starts on the first job, loading the test split after the page's first answer, so that it costs nothing
 * on arrival.
 */
export class TrainerWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();

  /**
   * The test split, loaded by the worker (which keeps it to score on), with the download's progress; the worker
   * starts here, so the page calls this after its first answer.
   */
  loadTest(progress: (progress: DataProgress) => void): Promise<Split> {
    return this.request(
      (id) => ({ type: 'load-test', id }),
      (reply) => {
        if (reply.type === 'download') progress(reply);
      },
    );
  }

  /** `model`'s scores on the test split, computed in the worker. */
  async score(model: Model): Promise<Scored> {
    const artifacts = await toArtifacts(model);
    return this.request((id) => ({ type: 'score', id, artifacts }));
  }

  /** Trains a new model; undefined when stopped before its first epoch ended. */
  train(settings: TrainSettings, progress: (reply: WorkerReply) => void): Promise<Trained | undefined> {
    return this.request((id) => ({ type: 'train', id, settings }), progress);
  }

  /** Stops the running training at its next batch (or its download). */
  stop(): void {
    this.worker?.postMessage({ type: 'stop' } satisfies WorkerRequest);
  }

  private request<T>(make: (id: number) => WorkerRequest, progress?: Job['progress']): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve as Job['resolve'], reject, progress });
      worker.postMessage(make(id));
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      const error = new Error(`the training worker failed: ${event.message || 'it could not start'}`);
      for (const job of this.jobs.values()) job.reject(error);
      this.jobs.clear();
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: WorkerReply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    if (
      reply.type === 'test' ||
      reply.type === 'scored' ||
      reply.type === 'trained' ||
      reply.type === 'failed'
    )
      this.jobs.delete(reply.id);
    if (reply.type === 'test') job.resolve(reply.test as never);
    else if (reply.type === 'scored') job.resolve(reply.scored as never);
    else if (reply.type === 'trained') job.resolve(reply.result as never);
    else if (reply.type === 'failed') job.reject(new Error(reply.message));
    else job.progress?.(reply);
  }
}
