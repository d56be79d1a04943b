const SVG = 'http://www.w3.org/2000/svg';
// The chart is drawn at least 268 CSS px wide (in a 320 px phone's card; see `.charts` in styles.css): at this width
// its 12-unit text stays above 11 px.
const WIDTH = 280;
const HEIGHT = 160;
const PAD = { left: 50, right: 10, top: 26, bottom: 26 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/**
 * A small line chart that grows while training runs: one metric against training progress (in epochs), drawn
 * with DOM calls (no markup strings) and redrawn at most once per animation frame.
 */
export class LiveChart {
  readonly element: SVGSVGElement;
  private readonly line: SVGPolylineElement;
  private readonly yTop: SVGTextElement;
  private readonly yBottom: SVGTextElement;
  private readonly xRight: SVGTextElement;
  private readonly latest: SVGTextElement;
  private points: { x: number; y: number }[] = [];
  private epochs = 1;
  private pending = false;

  constructor(
    title: string,
    private readonly color: string,
    private readonly format: (value: number) => string,
  ) {
    this.element = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'live-chart' });
    this.element.setAttribute('aria-label', `${title} during training`);
    const heading = svg('text', { x: PAD.left, y: 16, class: 'chart-title' });
    heading.textContent = title;
    this.latest = svg('text', { x: WIDTH - PAD.right, y: 16, 'text-anchor': 'end', class: 'chart-value' });
    const frame = svg('rect', {
      x: PAD.left,
      y: PAD.top,
      width: WIDTH - PAD.left - PAD.right,
      height: HEIGHT - PAD.top - PAD.bottom,
      class: 'chart-frame',
    });
    this.line = svg('polyline', {
      fill: 'none',
      stroke: color,
      'stroke-width': 2,
      'stroke-linejoin': 'round',
    });
    this.yTop = svg('text', { x: PAD.left - 6, y: PAD.top + 4, 'text-anchor': 'end', class: 'tick' });
    this.yBottom = svg('text', {
      x: PAD.left - 6,
      y: HEIGHT - PAD.bottom,
      'text-anchor': 'end',
      class: 'tick',
    });
    const xLeft = svg('text', { x: PAD.left, y: HEIGHT - 8, class: 'tick' });
    xLeft.textContent = '0';
    this.xRight = svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 8, 'text-anchor': 'end', class: 'tick' });
    const xLabel = svg('text', {
      x: (WIDTH + PAD.left) / 2,
      y: HEIGHT - 8,
      'text-anchor': 'middle',
      class: 'tick',
    });
    xLabel.textContent = 'epochs';
    this.element.append(
      heading,
      this.latest,
      frame,
      this.line,
      this.yTop,
      this.yBottom,
      xLeft,
      this.xRight,
      xLabel,
    );
    this.reset(1);
  }

  /** Starts an empty chart for a run of `epochs` epochs. */
  reset(epochs: number): void {
    this.points = [];
    this.epochs = Math.max(1, epochs);
    this.xRight.textContent = String(this.epochs);
    this.draw();
  }

  /** Adds a value at `x` epochs into the run. */
  add(x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    this.points.push({ x, y });
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private draw(): void {
    const values = this.points.map((p) => p.y);
    let low = values.length ? Math.min(...values) : 0;
    let high = values.length ? Math.max(...values) : 1;
    if (high - low < 1e-6) {
      low -= 0.05;
      high += 0.05;
    }
    const plotWidth = WIDTH - PAD.left - PAD.right;
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    const toX = (x: number) => PAD.left + (plotWidth * x) / this.epochs;
    const toY = (y: number) => PAD.top + plotHeight * (1 - (y - low) / (high - low));
    this.line.setAttribute(
      'points',
      this.points.map((p) => `${toX(p.x).toFixed(1)},${toY(p.y).toFixed(1)}`).join(' '),
    );
    this.yTop.textContent = values.length ? this.format(high) : '';
    this.yBottom.textContent = values.length ? this.format(low) : '';
    const last = this.points[this.points.length - 1];
    this.latest.textContent = last ? this.format(last.y) : '';
    this.latest.setAttribute('fill', this.color);
  }
}
