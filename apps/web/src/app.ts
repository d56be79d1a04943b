import type { Split } from '@fmnist/data';
import type { loadPretrained } from '@fmnist/model';
import type { PageBackend } from './backend.js';
import type { PageParams } from './params.js';
import type { Scored } from './worker/protocol.js';
import { TrainerWorker } from './worker/trainer.js';

/** A tfjs Layers model of the classifier. */
export type Model = Awaited<ReturnType<typeof loadPretrained>>;

/** Where the current model came from, shown next to its results. */
export interface ModelSource {
  readonly kind: 'pretrained' | 'trained' | 'indexeddb';
  readonly label: string;
}

export type AppEvent = 'backend' | 'test' | 'model' | 'busy';

/**
 * The page's shared state: the backend, the test split (loaded first), the current model and whether a job is
 * running, and the training worker, which trains and scores off the page's thread. Panels listen for its events.
 */
export class App extends EventTarget {
  backend: PageBackend | undefined;
  test: Split | undefined;
  model: Model | undefined;
  source: ModelSource | undefined;
  busy = false;
  readonly trainer = new TrainerWorker();
  private scores: Promise<Scored> | undefined;

  constructor(readonly params: PageParams) {
    super();
  }

  setBackend(backend: PageBackend): void {
    this.backend = backend;
    this.emit('backend');
  }

  setTest(test: Split): void {
    this.test = test;
    this.trainer.setTest(test);
    this.emit('test');
  }

  /** Makes `model` the current one (with its scores, when known), disposing the previous model's weights. */
  setModel(model: Model, source: ModelSource, scored?: Scored): void {
    if (this.model && this.model !== model) this.model.dispose();
    this.model = model;
    this.source = source;
    this.scores = scored ? Promise.resolve(scored) : undefined;
    this.emit('model');
  }

  /** The current model's scores on the test split (computed once per model, in the worker). */
  scored(): Promise<Scored> | undefined {
    if (!this.model || !this.test) return undefined;
    this.scores ??= this.trainer.score(this.model);
    return this.scores;
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
