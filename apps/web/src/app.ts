import type { FashionMnist } from '@fmnist/data';
import { type Evaluation, evaluate, type loadPretrained } from '@fmnist/model';
import type { PageBackend } from './backend.js';
import type { PageParams } from './params.js';

/** A tfjs Layers model of the classifier. */
export type Model = Awaited<ReturnType<typeof loadPretrained>>;

/** Where the current model came from, shown next to its results. */
export interface ModelSource {
  readonly kind: 'pretrained' | 'trained' | 'indexeddb';
  readonly label: string;
}

/**
 * The page's shared state: the backend, the dataset, the current model and whether a job (training) is running.
 * Panels listen for `data`, `model` and `busy` events.
 */
export class App extends EventTarget {
  data: FashionMnist | undefined;
  model: Model | undefined;
  source: ModelSource | undefined;
  busy = false;
  private evaluation: Evaluation | undefined;

  constructor(
    readonly params: PageParams,
    readonly backend: PageBackend,
  ) {
    super();
  }

  setData(data: FashionMnist): void {
    this.data = data;
    this.dispatchEvent(new Event('data'));
  }

  /** Makes `model` the current one, disposing the previous model's weights. */
  setModel(model: Model, source: ModelSource, evaluation?: Evaluation): void {
    if (this.model && this.model !== model) this.model.dispose();
    this.model = model;
    this.source = source;
    this.evaluation = evaluation;
    this.dispatchEvent(new Event('model'));
  }

  /** The current model's scores on the test split (computed once per model), or undefined before data/model. */
  testEvaluation(): Evaluation | undefined {
    if (!this.model || !this.data) return undefined;
    this.evaluation ??= evaluate(this.model, this.data.test);
    return this.evaluation;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.dispatchEvent(new Event('busy'));
  }

  on(event: 'data' | 'model' | 'busy', listener: () => void): void {
    this.addEventListener(event, listener);
  }
}
