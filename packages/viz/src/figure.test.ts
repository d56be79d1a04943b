import { describe, expect, it } from '@jest/globals';
import {
  Axes,
  centeredSquare,
  formatTicks,
  gridBoxes,
  linearScale,
  niceTicks,
  paddedLimits,
  tickBudget,
} from './figure.js';
import { svgDocument } from './svg.js';
import { parseSvg } from './test/fixtures.js';
import { findAll, textContent } from './test/xml.js';

describe('ticks', () => {
  it("picks matplotlib's ticks for a 0–255 colour bar and for 0–1", () => {
    expect(niceTicks(0, 255, 9)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(0, 1, 9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.22, 0.52, 9)).toEqual([0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
  });

  it('uses whole steps on integer axes such as epochs', () => {
    expect(niceTicks(0.55, 10.45, 9, true)).toEqual([2, 4, 6, 8, 10]);
    expect(niceTicks(0.95, 1.05, 9, true)).toEqual([1]);
    expect(niceTicks(3, 3, 9)).toEqual([3]);
  });

  it('formats labels with the decimals of their step and a true minus sign', () => {
    expect(formatTicks([0, 0.2, 0.4])).toEqual(['0.0', '0.2', '0.4']);
    expect(formatTicks([0, 50, 100])).toEqual(['0', '50', '100']);
    expect(formatTicks([-0.25, 0, 0.25])).toEqual(['\u22120.25', '0.00', '0.25']);
    expect(formatTicks([0.5])).toEqual(['0.5']);
  });

  it('allows fewer ticks on short axes, at most 9 intervals', () => {
    expect(tickBudget(100, 'horizontal')).toBe(2);
    expect(tickBudget(100, 'vertical')).toBe(3);
    expect(tickBudget(5000, 'vertical')).toBe(9);
  });
});

describe('layout', () => {
  it('divides an area into a grid, row by row', () => {
    const boxes = gridBoxes({ x: 10, y: 20, width: 110, height: 50 }, 2, 3, { row: 10, column: 10 });
    expect(boxes).toHaveLength(6);
    expect(boxes[0]).toEqual({ x: 10, y: 20, width: 30, height: 20 });
    expect(boxes[5]).toEqual({ x: 90, y: 50, width: 30, height: 20 });
  });

  it('centres a square in a box', () => {
    expect(centeredSquare({ x: 0, y: 0, width: 100, height: 60 })).toEqual({
      x: 20,
      y: 0,
      width: 60,
      height: 60,
    });
  });

  it('pads data limits by 5 % and widens a single value', () => {
    expect(paddedLimits([0, 10])).toEqual([-0.5, 10.5]);
    expect(paddedLimits([2, 2])).toEqual([1.9, 2.1]);
    expect(paddedLimits([0, 0])).toEqual([-0.5, 0.5]);
  });

  it('maps a domain linearly onto a range, inverted ranges included', () => {
    const toY = linearScale([0, 1], [100, 0]);
    expect([toY(0), toY(0.25), toY(1)]).toEqual([100, 75, 0]);
  });
});

describe('Axes', () => {
  it('draws marks under a frame, then ticks and labels', () => {
    const axes = new Axes({ x: 50, y: 20, width: 100, height: 80 })
      .plot('<circle class="mark" r="1"/>')
      .xTicks([{ at: 60, label: 'a<b' }])
      .yTicks([{ at: 30, label: '1' }])
      .xLabel('x label')
      .yLabel('y label')
      .title('Title');
    const root = parseSvg(svgDocument(200, 200, 't', [axes.toSvg()]));
    const group = findAll(root, 'g')[0];
    const names = group?.children.map((child) => (typeof child === 'string' ? '#text' : child.name));
    expect(names?.slice(0, 2)).toEqual(['circle', 'rect']);
    expect(findAll(root, 'text').map(textContent)).toEqual(['a<b', '1', 'x label', 'y label', 'Title']);
  });

  it('puts the x label below the tick labels', () => {
    const labelY = (axes: Axes) => {
      const texts = findAll(parseSvg(svgDocument(200, 200, 't', [axes.toSvg()])), 'text');
      return Number(texts[texts.length - 1]?.attributes.y);
    };
    const box = { x: 0, y: 0, width: 100, height: 100 };
    const withoutTicks = labelY(new Axes(box).xLabel('label'));
    const withTicks = labelY(new Axes(box).xTicks([{ at: 50, label: '0' }]).xLabel('label'));
    const withRotatedNames = labelY(
      new Axes(box).xTicks([{ at: 50, label: 'Ankle boot' }], true).xLabel('label'),
    );
    expect(withoutTicks).toBeLessThan(withTicks);
    expect(withTicks).toBeLessThan(withRotatedNames);
  });
});
