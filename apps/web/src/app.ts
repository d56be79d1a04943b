import type { Split } from '@fmnist/data';
import type { BackendInfo } from '@fmnist/model';
import type { LayersModel, loadClassifier } from '@fmnist/model/layers';
import type { PageParams } from './params.js';
import type { Scored } from './worker/protocol.js';
import { TrainerWorker } from './worker/trainer.js';

/** A loaded classifier (the model package's), its model typed as a tfjs Layers model. */
export type PageClassifier = Awaited<ReturnType<typeof loadClassifier>>;

/** A tfjs Layers model of the classifier. */
export type Model = LayersModel;

/** The backend the page classifies on, and whether the page is cross-origin isolated (needed for threads). */
export interface PageBackend extends BackendInfo {
  readonly isolated: boolean;
}

/** Where the current model came from, shown next to its results. */
export interface ModelSource {
  readonly kind: 'pretrained' | 'trained' | 'indexeddb';
  readonly label: string;
}

/** The model shipped with the model package. */
export const PRETRAINED: ModelSource = { kind: 'pretrained', label: 'pretrained (shipped weights)' };

export type AppEvent = 'backend' | 'test' | 'model' | 'busy' | 'answered';

/**
 * The page's shared state: the backend, the test split (loaded after the first answer), the current classifier
 * and whether a job is running, and the training worker, which trains and scores off the page's thread. Panels
 * listen for its events.
 */
export class App extends EventTarget {
  backend: PageBackend | undefined;
  test: Split | undefined;
  classifier: PageClassifier | undefined;
  source: ModelSource | undefined;
  busy = false;
  /** Whether the try panel has given its first answer (the page then loads what the rest needs). */
  answered = false;
  readonly trainer = new TrainerWorker();
  private scores: Promise<Scored> | undefined;

  constructor(readonly params: PageParams) {
    super();
  }

  /** The current classifier's model. */
  get model(): Model | undefined {
    return this.classifier?.model;
  }

  setBackend(backend: PageBackend): void {
    this.backend = backend;
    this.emit('backend');
  }

  setTest(test: Split): void {
    this.test = test;
    this.emit('test');
  }

  /** Makes `classifier` the current one (with its scores, when known), disposing the previous one's weights. */
  setClassifier(classifier: PageClassifier, source: ModelSource, scored?: Scored): void {
    if (this.classifier && this.classifier !== classifier) this.classifier.dispose();
    this.classifier = classifier;
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

  /** Called once, by the try panel, when the first prediction is on the screen. */
  setAnswered(): void {
    if (this.answered) return;
    this.answered = true;
    this.emit('answered');
  }

  on(event: AppEvent, listener: () => void): void {
    this.addEventListener(event, listener);
  }

  private emit(event: AppEvent): void {
    this.dispatchEvent(new Event(event));
  }
}
