import { describe, expect, it } from 'vitest';
import { manipulationView, NEUTRAL_MANIPULATION } from '../../../src/gan2shape/manipulate/meshPath';
import { manipulationPaths } from '../../../src/gan2shape/manipulate/paths';

describe('manipulation view', () => {
  it('maps pitch to rx and yaw to ry in radians, no translation', () => {
    const v = manipulationView({ ...NEUTRAL_MANIPULATION, yawDeg: 90, pitchDeg: -45 });
    expect(v[0]).toBeCloseTo(-Math.PI / 4);
    expect(v[1]).toBeCloseTo(Math.PI / 2);
    expect(v.slice(2)).toEqual([0, 0, 0, 0]);
  });
  it('is neutral by default: ambient 1, diffuse 0 reproduce the texture', () => {
    expect(manipulationView(NEUTRAL_MANIPULATION)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(NEUTRAL_MANIPULATION.ambient).toBe(1);
    expect(NEUTRAL_MANIPULATION.diffuse).toBe(0);
  });
});

describe('manipulation paths', () => {
  it('offers the 3D path always and the GAN path only with a trained encoder', () => {
    const without = manipulationPaths(false);
    expect(without.map((p) => [p.path, p.available])).toEqual([
      ['mesh', true],
      ['gan', false],
    ]);
    expect(without[1].reason).toMatch(/encoder/);
    expect(manipulationPaths(true).every((p) => p.available && p.reason === undefined)).toBe(true);
  });
});
