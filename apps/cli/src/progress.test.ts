import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatMetric, formatPerStep, ProgressBar } from './progress.js';

function stream(tty: boolean, columns?: number) {
  let text = '';
  let writes = 0;
  return {
    target: {
      isTTY: tty,
      ...(columns ? { columns } : {}),
      write: (s: string) => {
        text += s;
        writes++;
        return true;
      },
    },
    text: () => text,
    writes: () => writes,
  };
}

describe('formatting like Keras', () => {
  it('formats metrics, step times and durations', () => {
    expect(formatMetric(0.49581)).toBe('0.4958');
    expect(formatMetric(0.0001234)).toBe('1.2340e-4');
    expect(formatMetric(Number.NaN)).toBe('NaN');
    expect(formatPerStep(0.0021)).toBe('2ms/step');
    expect(formatPerStep(0.0004)).toBe('400us/step');
    expect(formatPerStep(1.4)).toBe('1s/step');
    expect(formatDuration(3.4)).toBe('3s');
    expect(formatDuration(62)).toBe('1:02');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('ProgressBar', () => {
  it('writes only the finished line when not on a terminal', () => {
    let time = 0;
    const s = stream(false);
    const bar = new ProgressBar(s.target, { total: 1875, now: () => time });
    for (let i = 1; i <= 1875; i++) {
      time += 2;
      bar.update(i, [['accuracy', 0.5]]);
    }
    time = 3400;
    bar.finish(1875, [
      ['accuracy', 0.8266],
      ['loss', 0.4958],
    ]);
    expect(s.text()).toBe('1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.8266 - loss: 0.4958\n');
  });

  it('redraws in place on a terminal, at most 10 times a second', () => {
    let time = 0;
    const s = stream(true);
    const bar = new ProgressBar(s.target, { total: 1000, now: () => time });
    for (let i = 1; i <= 1000; i++) {
      time += 1; // 1 s in all
      bar.update(i, [['loss', 1]]);
    }
    bar.finish(1000, [['loss', 1]]);
    expect(s.writes()).toBeLessThanOrEqual(10 + 2);
    expect(s.text().startsWith('\r')).toBe(true);
    expect(s.text()).toContain('\x1b[K');
    expect(s.text().endsWith('\n')).toBe(true);
    // Half way: half the bar, the rest drawn thin (no colour), an ETA.
    expect(bar.line(500, [], false, 500)).toBe(' 500/1000 ━━━━━━━━━━────────── 1s 1ms/step');
  });

  it('colours only when asked, and keeps lines narrower than the terminal', () => {
    let time = 0;
    const s = stream(true, 60);
    const bar = new ProgressBar(s.target, { total: 10, color: true, now: () => time });
    time = 1000;
    bar.finish(10, [
      ['accuracy', 0.5],
      ['loss', 0.7],
    ]);
    expect(s.text()).toContain('\x1b[32m');
    const visible = s
      .text()
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[mK]`, 'g'), '')
      .replace(/[\r\n]/g, '');
    expect(visible.length).toBeLessThan(60);
    expect(visible).toContain('accuracy: 0.5000');
    expect(visible).not.toContain('loss');
  });

  it('writes nothing without a stream (--quiet)', () => {
    const bar = new ProgressBar(undefined, { total: 5 });
    bar.update(1);
    bar.finish(5);
    bar.abandon();
  });
});
