import { describe, expect, it } from '@jest/globals';
import { VizInputError } from './errors.js';
import { FONT_SIZE } from './style.js';
import { sweepChart } from './sweep.js';
import { textWidth } from './text-metrics.js';

const rows = [
  { label: 'hidden 128,128', mean: 0.8831, std: 0.0042 },
  { label: 'hidden 256,128,64', mean: 0.8867, std: 0.0035 },
  { label: 'hidden 64 <one seed>', mean: 0.87, std: 0 },
];

/** The numbers of the first `count` elements named `name` and attribute `attribute`, in document order. */
function attributes(svg: string, name: string, attribute: string): number[] {
  return [...svg.matchAll(new RegExp(`<${name} [^>]*${attribute}="([-0-9.]+)"`, 'g'))].map((m) =>
    Number(m[1]),
  );
}

describe('sweepChart', () => {
  it('puts each configuration on its own row, first at the top, its dot placed by its mean', () => {
    const svg = sweepChart(rows);
    expect(svg.startsWith('<svg')).toBe(true);
    const cx = attributes(svg, 'circle', 'cx');
    const cy = attributes(svg, 'circle', 'cy');
    expect(cx).toHaveLength(3);
    expect(cy[0]).toBeLessThan(cy[1] as number);
    expect(cy[1]).toBeLessThan(cy[2] as number);
    // Positions are linear in the mean: the gaps between dots are in the ratio of the gaps between means.
    const ratio = ((cx[1] as number) - (cx[0] as number)) / ((cx[0] as number) - (cx[2] as number));
    expect(ratio).toBeCloseTo((0.8867 - 0.8831) / (0.8831 - 0.87), 3);
    // Labels are escaped text.
    expect(svg).toContain('hidden 64 &lt;one seed&gt;');
    expect(svg).toContain('mean ± one standard deviation');
    expect(Number(/width="([0-9.]+)"/.exec(svg)?.[1])).toBeGreaterThanOrEqual(640);
  });

  it('keeps the x tick labels at least one em apart, however narrow the range or long the names', () => {
    const cases = [
      rows,
      [{ label: 'hidden 128,128 · lr 0.001 · batch 32 · epochs 10', mean: 0.8835, std: 0.0041 }],
      [{ label: 'a', mean: 0.8841, std: 0.0003 }],
      [
        { label: 'hidden 16 · lr 0.001 · batch 32 · epochs 1', mean: 0.61, std: 0.05 },
        { label: 'hidden 24,8 · lr 0.001 · batch 32 · epochs 1', mean: 0.55, std: 0.08 },
      ],
    ];
    for (const chart of cases) {
      const ticks = [...sweepChart(chart).matchAll(/<text x="([-0-9.]+)"[^>]*>([^<]*%)<\/text>/g)].map(
        (m) => ({
          x: Number(m[1]),
          width: textWidth(m[2] as string),
        }),
      );
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < ticks.length; i++) {
        const [a, b] = [ticks[i - 1], ticks[i]] as [
          { x: number; width: number },
          { x: number; width: number },
        ];
        // Centred labels: the gap between them is the distance less half of each.
        expect(b.x - a.x - (a.width + b.width) / 2).toBeGreaterThanOrEqual(FONT_SIZE - 1e-6);
      }
    }
  });

  it('refuses a mean outside [0, 1] or a negative spread, naming the row', () => {
    expect(() => sweepChart([])).toThrow(VizInputError);
    expect(() => sweepChart([{ label: 'a', mean: 1.2, std: 0 }])).toThrow(/rows\[0\] \(a\) has mean 1.2/);
    expect(() => sweepChart([{ label: 'b', mean: 0.8, std: -1 }])).toThrow(VizInputError);
  });
});
