import { describe, expect, it } from '@jest/globals';
import { CLASS_NAMES } from './classes.js';
import { confusionMatrixHeatmap, perClassAccuracyChart } from './confusion.js';
import { LengthMismatchError, VizInputError } from './errors.js';
import { countConfusion, parseSvg, rowAccuracies } from './test/fixtures.js';
import { findAll, nth, textContent } from './test/xml.js';

const trueLabels = Array.from({ length: 200 }, (_, i) => i % 10);
const predicted = trueLabels.map((label, i) => (i % 7 === 0 ? (label + 3) % 10 : label));
const matrix = countConfusion(trueLabels, predicted);

describe('confusionMatrixHeatmap', () => {
  const root = parseSvg(confusionMatrixHeatmap(matrix));
  const counts = findAll(root, 'text', 'count');

  it('draws a cell per (true, predicted) pair whose counts add up to the number of samples', () => {
    expect(findAll(root, 'rect', 'cell')).toHaveLength(100);
    expect(counts).toHaveLength(100);
    expect(counts.reduce((sum, count) => sum + Number(textContent(count)), 0)).toBe(trueLabels.length);
  });

  it('puts true classes in rows and predicted classes in columns', () => {
    expect(textContent(nth(counts, 0 * 10 + 3))).toBe(String(matrix[0]?.[3]));
    expect(textContent(nth(counts, 3 * 10 + 0))).toBe(String(matrix[3]?.[0]));
    expect(matrix[0]?.[3]).not.toBe(matrix[3]?.[0]);
    const texts = findAll(root, 'text').map(textContent);
    expect(texts).toContain('True label');
    expect(texts).toContain('Predicted label');
    expect(texts.filter((text) => (CLASS_NAMES as readonly string[]).includes(text))).toHaveLength(20);
  });

  it('writes light text on dark cells and dark text on light ones', () => {
    const fillOf = (trueClass: number, predictedClass: number) =>
      nth(counts, trueClass * 10 + predictedClass).attributes.fill;
    expect(fillOf(0, 0)).toBe('#ffffff');
    expect(fillOf(0, 1)).toBe('#000000');
  });

  it('has a colour bar of counts', () => {
    expect(findAll(root, 'g', 'colorbar')).toHaveLength(1);
  });

  it('rejects a matrix of the wrong size or with negative counts', () => {
    expect(() => confusionMatrixHeatmap([[1]])).toThrow(LengthMismatchError);
    const negative = matrix.map((row, t) => row.map((count, p) => (t === 1 && p === 2 ? -1 : count)));
    expect(() => confusionMatrixHeatmap(negative)).toThrow(VizInputError);
  });
});

describe('perClassAccuracyChart', () => {
  it('draws a bar per class with its value, first class at the top', () => {
    const accuracies = rowAccuracies(matrix);
    const root = parseSvg(perClassAccuracyChart(accuracies));
    const bars = findAll(root, 'rect', 'bar');
    expect(bars).toHaveLength(10);
    const ys = bars.map((bar) => Number(bar.attributes.y));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const widths = bars.map((bar) => Number(bar.attributes.width));
    // Widths are proportional to accuracy: the same number of pixels per unit for every bar.
    const pixelsPerUnit = widths.map((width, i) => width / (accuracies[i] as number));
    for (const value of pixelsPerUnit) expect(value).toBeCloseTo(pixelsPerUnit[0] as number, 0);
    expect(findAll(root, 'text', 'value').map(textContent)).toEqual(
      accuracies.map((a) => `${(100 * a).toFixed(1)}%`),
    );
  });

  it('marks a class without samples instead of drawing a bar', () => {
    const root = parseSvg(perClassAccuracyChart([Number.NaN, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]));
    expect(findAll(root, 'rect', 'bar')).toHaveLength(9);
    expect(textContent(nth(findAll(root, 'text', 'value')))).toBe('no samples');
  });

  it('rejects the wrong number of values or values outside 0–1', () => {
    expect(() => perClassAccuracyChart([1, 1])).toThrow(LengthMismatchError);
    expect(() => perClassAccuracyChart([1.5, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toThrow(VizInputError);
  });
});
