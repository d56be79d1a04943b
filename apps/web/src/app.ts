import type { Split } from '@fmnist/data';
import { type Evaluation, evaluate, type loadPretrained } from '@fmnist/model';
import type { PageBackend } from './backend.js';
import { type DataProgress, loadData } from './data.js';
import type { PageParams } from './params.js';

/** A tfjs Layers model of the classifier. */
export type Model = Awaited<ReturnType<typeof loadPretrained>>;

/** Where the current model came from, shown next to its results. */
export interface ModelSource {
  readonly kind: 'pretrained' | 'trained' | 'indexeddb';
  readonly label: string;
}

export type AppEvent = 'backend' | 'test' | 'model' | 'busy';

/**
 * The page's shared state: the backend, the test split (loaded first), the training split (loaded when the visitor
 * trains), the current model and whether a job is running. Panels listen for its events.
 */
export class App extends EventTarget {
  backend: PageBackend | undefined;
  test: Split | undefined;
  model: Model | undefined;
  source: ModelSource | undefined;
  busy = false;
  private evaluation: Evaluation | undefined;
  private train: Promise<Split> | undefined;

  constructor(readonly params: PageParams) {
    super();
  }

  setBackend(backend: PageBackend): void {
    this.backend = backend;
    this.emit('backend');
  }

  setTest(test: Split): void {
    this.test = test;
    this.emit('test');
  }

  /** The training split, downloaded on the first call (or read from the browser's cache). */
  trainSplit(onProgress: (progress: DataProgress) => void, signal: AbortSignal): Promise<Split> {
    this.train ??= loadData('train', onProgress, signal).catch((error: unknown) => {
      this.train = undefined;
      throw error;
    });
    return this.train;
  }

  /** Makes `model` the current one, disposing the previous model's weights. */
  setModel(model: Model, source: ModelSource): void {
    if (this.model && this.model !== model) this.model.dispose();
    this.model = model;
    this.source = source;
    this.evaluation = undefined;
    this.emit('model');
  }

  /** The current model's scores on the test split (computed once per model), or undefined before test/model. */
  testEvaluation(): Evaluation | undefined {
    if (!this.model || !this.test) return undefined;
    this.evaluation ??= evaluate(this.model, this.test);
    return this.evaluation;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.emit('busy');
  }

  on(event: AppEvent, listener: () => void): void {
    this.addEventListener(event, listener);
  }

  private emit(event: AppEvent): void {
    this.dispatchEvent(new Event(event));
  }
}
