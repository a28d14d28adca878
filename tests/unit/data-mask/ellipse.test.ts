import { describe, expect, it } from 'vitest';
import { clampEllipse, rasterizeEllipse } from '../../../src/data/mask/ellipse';

describe('ellipse mask', () => {
  it('covers the area of the ellipse', () => {
    const S = 64;
    const e = { cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.4 };
    const mask = rasterizeEllipse(e, S);
    const area = mask.reduce((a, b) => a + b, 0) / (S * S);
    expect(area).toBeCloseTo(Math.PI * 0.3 * 0.4, 2);
    expect(mask[32 * S + 32]).toBe(1);
    expect(mask[0]).toBe(0);
  });

  it('has soft values only on the rim', () => {
    const mask = rasterizeEllipse({ cx: 0.5, cy: 0.5, rx: 0.25, ry: 0.25 }, 16);
    const partial = [...mask].filter((v) => v > 0 && v < 1).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(40);
  });

  it('clamps to sensible ranges', () => {
    expect(clampEllipse({ cx: -1, cy: 2, rx: 0, ry: 9 })).toEqual({ cx: 0, cy: 1, rx: 0.05, ry: 0.75 });
  });
});
