import { describe, expect, it } from '@jest/globals';
import { VizInputError } from './errors.js';
import { sweepChart } from './sweep.js';

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

  it('refuses a mean outside [0, 1] or a negative spread, naming the row', () => {
    expect(() => sweepChart([])).toThrow(VizInputError);
    expect(() => sweepChart([{ label: 'a', mean: 1.2, std: 0 }])).toThrow(/rows\[0\] \(a\) has mean 1.2/);
    expect(() => sweepChart([{ label: 'b', mean: 0.8, std: -1 }])).toThrow(VizInputError);
  });
});
