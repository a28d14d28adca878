import { describe, expect, it } from 'vitest';
import { makeCamera } from '../../../src/render/reference/camera';
import {
  rotationMatrix,
  rotationMatrixDerivatives,
  toCanonical,
  toCanonicalBackward,
  toView,
  toViewBackward,
} from '../../../src/render/reference/view';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';

describe('renderer camera and view transform (float64 reference)', () => {
  it('uses f = (S-1)/2 / tan(5 deg) and the image centre as principal point', () => {
    expect(makeCamera(64, 64).f).toBeCloseTo(360.0, 1);
    expect(makeCamera(128, 128).f).toBeCloseTo(725.8, 1);
    const cam = makeCamera(10, 12);
    expect([cam.cx, cam.cy]).toEqual([5.5, 4.5]);
    expect(() => makeCamera(1, 8)).toThrow(/image size/);
  });

  it('builds R = Rz Ry Rx, orthonormal, with the right-handed yaw sign', () => {
    const R = rotationMatrix([0, Math.PI / 2, 0, 0, 0, 0]);
    // Ry(90 deg) maps +z to +x.
    expect(R[2]).toBeCloseTo(1, 12);
    const view = [0.3, -0.7, 0.2, 0, 0, 0];
    const M = rotationMatrix(view);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const d = M[i * 3] * M[j * 3] + M[i * 3 + 1] * M[j * 3 + 1] + M[i * 3 + 2] * M[j * 3 + 2];
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    // Rz Ry Rx order: compare with an explicit product for a point.
    const p = [0.1, 0.2, 0.3];
    const [a, b, c] = view;
    const x1 = [p[0], Math.cos(a) * p[1] - Math.sin(a) * p[2], Math.sin(a) * p[1] + Math.cos(a) * p[2]];
    const x2 = [Math.cos(b) * x1[0] + Math.sin(b) * x1[2], x1[1], -Math.sin(b) * x1[0] + Math.cos(b) * x1[2]];
    const x3 = [Math.cos(c) * x2[0] - Math.sin(c) * x2[1], Math.sin(c) * x2[0] + Math.cos(c) * x2[1], x2[2]];
    const Mp = [0, 1, 2].map((i) => M[i * 3] * p[0] + M[i * 3 + 1] * p[1] + M[i * 3 + 2] * p[2]);
    for (let i = 0; i < 3; i++) expect(Mp[i]).toBeCloseTo(x3[i], 12);
  });

  it('toCanonical inverts toView about the centre (0, 0, 1)', () => {
    const view = [0.2, -0.4, 0.1, 0.03, -0.02, 0.05];
    const R = rotationMatrix(view);
    const p = [0.05, -0.1, 1.1];
    const back = toCanonical(R, view, 0, toView(R, view, 0, p));
    for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(p[i], 12);
    // The centre stays fixed under a pure rotation.
    const pure = [0.2, -0.4, 0.1, 0, 0, 0];
    const centre = toView(rotationMatrix(pure), pure, 0, [0, 0, 1]);
    for (let i = 0; i < 3; i++) expect(centre[i]).toBeCloseTo([0, 0, 1][i], 12);
  });

  it('rotation derivatives and both transform backwards match finite differences', () => {
    const rand = seededRandom(3);
    const view = randomArray(6, rand, -0.5, 0.5);
    const d = rotationMatrixDerivatives(view);
    for (let k = 0; k < 3; k++) {
      const g = randomArray(9, rand);
      const loss = (v: Float64Array) => dot(rotationMatrix(v), g);
      const analytic = new Float64Array(6);
      analytic[k] = dot(d[k], g);
      const x = Float64Array.from(view);
      const numeric =
        (loss(x.map((v, i) => (i === k ? v + 1e-6 : v))) - loss(x.map((v, i) => (i === k ? v - 1e-6 : v)))) / 2e-6;
      expect(analytic[k]).toBeCloseTo(numeric, 8);
    }
    const p = randomArray(3, rand, 0.5, 1.5);
    const g = randomArray(3, rand);
    for (const [name, fwd, bwd] of [
      [
        'toView',
        toView,
        (R: Float64Array, _v: Float64Array, q: Float64Array, gr: Float64Array, gt: Float64Array) =>
          toViewBackward(R, q, g, gr, gt),
      ],
      [
        'toCanonical',
        toCanonical,
        (R: Float64Array, v: Float64Array, q: Float64Array, gr: Float64Array, gt: Float64Array) =>
          toCanonicalBackward(R, v, 0, q, g, gr, gt),
      ],
    ] as const) {
      const R = rotationMatrix(view);
      const gradR = new Float64Array(9);
      const gradT = new Float64Array(3);
      const gp = bwd(R, Float64Array.from(view), Float64Array.from(p), gradR, gradT);
      expectGradientMatches(`${name} point`, Float64Array.from(p), (q) => dot(fwd(R, view, 0, q), g), gp);
      const gv = new Float64Array(6);
      const angles = [0, 1, 2].map((k) => dot(d[k], gradR));
      gv.set(angles, 0);
      gv.set(gradT, 3);
      expectGradientMatches(
        `${name} view`,
        Float64Array.from(view),
        (v) => dot(fwd(rotationMatrix(v), v, 0, p), g),
        gv,
      );
    }
  });
});
