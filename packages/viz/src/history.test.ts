import { describe, expect, it } from '@jest/globals';
import { VizInputError } from './errors.js';
import { trainingHistory } from './history.js';
import { parseSvg } from './test/fixtures.js';
import { findAll, nth, textContent, type XmlElement } from './test/xml.js';

const TAB_BLUE = '#1f77b4';
const TAB_ORANGE = '#ff7f0e';

const history = {
  loss: [0.5, 0.37, 0.33, 0.31, 0.29],
  val_loss: [0.42, 0.39, 0.36, 0.35, 0.36],
  acc: [0.82, 0.86, 0.88, 0.89, 0.9],
  val_acc: [0.85, 0.86, 0.87, 0.87, 0.87],
};

const seriesIn = (panel: XmlElement) =>
  findAll(panel, 'g', 'series').map((series) => ({
    label: series.attributes['data-label'],
    color: nth(findAll(series, 'polyline')).attributes.stroke,
    markers: findAll(series, 'circle', 'marker').length,
  }));

describe('trainingHistory', () => {
  it('draws loss and accuracy panels, training blue and validation orange, a marker per epoch', () => {
    const root = parseSvg(trainingHistory(history));
    const panels = findAll(root, 'g', 'panel');
    expect(panels).toHaveLength(2);
    for (const panel of panels) {
      expect(seriesIn(panel)).toEqual([
        { label: 'Training', color: TAB_BLUE, markers: 5 },
        { label: 'Validation', color: TAB_ORANGE, markers: 5 },
      ]);
      expect(findAll(nth(findAll(panel, 'g', 'legend')), 'text').map(textContent)).toEqual([
        'Training',
        'Validation',
      ]);
    }
    const texts = findAll(root, 'text').map(textContent);
    for (const label of ['Loss', 'Accuracy', 'Epoch']) expect(texts).toContain(label);
  });

  it('puts later epochs further right and lower losses lower', () => {
    const panel = nth(findAll(parseSvg(trainingHistory({ loss: [3, 2, 1] })), 'g', 'panel'));
    const markers = findAll(panel, 'circle', 'marker').map((m) => [
      Number(m.attributes.cx),
      Number(m.attributes.cy),
    ]);
    expect(markers).toHaveLength(3);
    const [[x0, y0], [x1, y1], [x2, y2]] = markers as [[number, number], [number, number], [number, number]];
    expect(x0 < x1 && x1 < x2).toBe(true);
    expect(y0 < y1 && y1 < y2).toBe(true); // SVG y grows downwards
  });

  it('accepts Keras names, and draws only the loss panel without accuracy', () => {
    const keras = parseSvg(
      trainingHistory({ loss: history.loss, accuracy: history.acc, val_accuracy: history.val_acc }),
    );
    expect(findAll(keras, 'g', 'panel')).toHaveLength(2);
    const lossOnly = parseSvg(trainingHistory({ loss: history.loss }));
    expect(findAll(lossOnly, 'g', 'panel')).toHaveLength(1);
    expect(lossOnly.attributes.width).toBe('600');
    expect(findAll(lossOnly, 'polyline')).toHaveLength(1);
  });

  it('leaves a gap where the loss is NaN', () => {
    const root = parseSvg(trainingHistory({ loss: [1, 0.8, Number.NaN, 0.5, 0.4] }));
    expect(findAll(root, 'polyline')).toHaveLength(2);
    expect(findAll(root, 'circle', 'marker')).toHaveLength(4);
  });

  it('draws a single epoch', () => {
    const root = parseSvg(trainingHistory({ loss: [0.5], acc: [0.8] }));
    expect(findAll(root, 'circle', 'marker')).toHaveLength(2);
  });

  it('rejects an empty or all-NaN history', () => {
    expect(() => trainingHistory({ loss: [] })).toThrow(VizInputError);
    expect(() => trainingHistory({ loss: [Number.NaN] })).toThrow(VizInputError);
  });
});
