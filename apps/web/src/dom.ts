/** Tiny DOM helpers. Text always goes in through `textContent`, never as HTML. */

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (booleans toggle) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A titled card for one panel of the page. */
export function section(id: string, title: string, intro?: string): { root: HTMLElement; body: HTMLElement } {
  const heading = h('h2', { id: `${id}-title` }, title);
  const body = h('div', { class: 'card-body' });
  const root = h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    heading,
    intro ? h('p', { class: 'intro' }, intro) : null,
    body,
  );
  return { root, body };
}

/** The smallest text a figure may show, in CSS pixels. */
const LEGIBLE_TEXT = 11;

/**
 * Shows an SVG document made by `@fmnist/viz` (our own code, from numbers and class names: safe markup) in
 * `container`, scaling with the container's width. `label` names the picture for assistive technology.
 * SVG text shrinks with the figure, so the figure gets the width at which its smallest text is {@link LEGIBLE_TEXT}
 * pixels as `--legible-width`, its least width (a narrower box scrolls it sideways).
 */
export function showSvg(container: HTMLElement, svg: string, label: string): void {
  container.innerHTML = svg;
  const root = container.querySelector('svg');
  if (!root) return;
  root.removeAttribute('width');
  root.removeAttribute('height');
  root.setAttribute('aria-label', label);
  root.classList.add('figure');
  const fontSizes = [...root.querySelectorAll('text')].map((text) =>
    Number.parseFloat(getComputedStyle(text).fontSize),
  );
  if (fontSizes.length === 0) return;
  const legibleWidth = (root.viewBox.baseVal.width * LEGIBLE_TEXT) / Math.min(...fontSizes);
  root.style.setProperty('--legible-width', `${Math.ceil(legibleWidth)}px`);
}

/** Writes a message into a live status element. */
export function say(element: HTMLElement, message: string, tone: 'info' | 'ok' | 'error' = 'info'): void {
  element.textContent = message;
  element.dataset.tone = tone;
}

/** The message of a thrown value, for people. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatPercent(value: number, digits = 1): string {
  return `${(100 * value).toFixed(digits)}%`;
}

let dialog: HTMLDialogElement | undefined;

/**
 * A button that holds a figure (see {@link showSvg}) and, when tapped, shows it enlarged in a dialog that can be
 * scrolled: the figures have too many labels to read at phone width.
 */
export function enlargeableFigure(id: string, name: string): HTMLButtonElement {
  const button = h('button', {
    id,
    type: 'button',
    class: 'figure-box figure-button',
    'aria-label': `${name}: enlarge`,
  });
  button.addEventListener('click', () => {
    const svg = button.querySelector('svg');
    if (svg) openFigure(svg, name);
  });
  return button;
}

function openFigure(svg: SVGSVGElement, name: string): void {
  if (!dialog) {
    const close = h('button', { type: 'button', class: 'dialog-close' }, 'Close');
    const title = h('h2', { id: 'figure-dialog-title' });
    dialog = h(
      'dialog',
      { id: 'figure-dialog', class: 'figure-dialog', 'aria-labelledby': 'figure-dialog-title' },
      h('div', { class: 'dialog-head' }, title, close),
      h('div', { class: 'dialog-figure' }),
    );
    close.addEventListener('click', () => dialog?.close());
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog?.close();
    });
    document.body.append(dialog);
  }
  const title = dialog.querySelector('h2') as HTMLElement;
  title.textContent = name;
  (dialog.querySelector('.dialog-figure') as HTMLElement).replaceChildren(svg.cloneNode(true));
  dialog.showModal();
}
