/** How the commands name files and models: `--json` documents give absolute paths, whatever the user typed. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface UsedModel {
  /** What the human-readable result says: the absolute directory, or `pretrained`. */
  label: string;
  /** The model's absolute directory, the shipped pretrained weights' too. */
  model: string;
  pretrained: boolean;
}

/**
 * The model of `--model dir`, or the pretrained one (`pretrainedModelUrl`, the `file:` URL of its `model.json`,
 * called `label`) without it.
 */
export function usedModel(dir: string | undefined, pretrainedModelUrl: URL, label = 'pretrained'): UsedModel {
  if (dir === undefined) {
    return { label, model: dirname(fileURLToPath(pretrainedModelUrl)), pretrained: true };
  }
  const model = resolve(dir);
  return { label: model, model, pretrained: false };
}

/** `path` made absolute; a URL (`http://…`, `file://…`) as it is. */
export function absolutePath(path: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : resolve(path);
}
