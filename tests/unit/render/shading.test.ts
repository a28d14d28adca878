import { describe, expect, it } from 'vitest';
import { normalsForward } from '../../../src/render/reference/normals';
import {
  diffuseBackward,
  diffuseForward,
  textureBackward,
  textureForward,
} from '../../../src/render/reference/shading';
import { dot, expectGradientMatches, randomArray, seededRandom } from './fdCheck';
import { bumpyDepth, smoothAlbedo, someLights } from './scenes';

describe('Lambertian shading and canonical texture (float64 reference)', () => {
  it('computes k_a + k_d max(0, n.l) and ((a+1)/2 shading) 2 - 1 on a plane', () => {
    const normals = normalsForward(new Float64Array(16).fill(1), 1, 4, 4);
    const light = [0.3, 0.6, 1, 0];
    const diffuse = diffuseForward(normals, 1, light, 4, 4);
    expect(diffuse[5]).toBeCloseTo(normals[32 + 5] / Math.SQRT2, 12);
    const albedo = new Float64Array(48).fill(0.5);
    const tex = textureForward(albedo, 1, diffuse, light, 4, 4);
    expect(tex[5]).toBeCloseTo(0.75 * (0.3 + 0.6 * diffuse[5]) * 2 - 1, 12);
    expect(diffuse[5]).toBeCloseTo(1 / Math.SQRT2, 4);
    expect(() => diffuseForward(normals, 2, light, 4, 4)).toThrow(/batch 2 must be 1/);
  });

  for (const [normalBatch, views, h, w] of [
    [2, 2, 8, 8],
    [1, 2, 12, 10],
  ]) {
    it(`diffuse backward matches finite differences (normals batch ${normalBatch}, ${views} lights, ${h}x${w})`, () => {
      const normals = normalsForward(bumpyDepth(normalBatch, h, w, 2, 0.08), normalBatch, h, w);
      const light = someLights(views, 4);
      const g = randomArray(views * h * w, seededRandom(8));
      const { gradNormals, gradLight } = diffuseBackward(normals, normalBatch, light, h, w, g);
      expectGradientMatches(
        'diffuse/normals',
        normals,
        (n) => dot(diffuseForward(n, normalBatch, light, h, w), g),
        gradNormals,
      );
      expectGradientMatches(
        'diffuse/light',
        light,
        (l) => dot(diffuseForward(normals, normalBatch, l, h, w), g),
        gradLight,
      );
    });

    it(`texture backward matches finite differences (albedo batch ${normalBatch}, ${views} lights, ${h}x${w})`, () => {
      const albedo = smoothAlbedo(normalBatch, h, w, 3);
      const diffuse = randomArray(views * h * w, seededRandom(9), 0, 1);
      const light = someLights(views, 6);
      const g = randomArray(views * 3 * h * w, seededRandom(10));
      const grads = textureBackward(albedo, normalBatch, diffuse, light, h, w, g);
      const f = (a: Float64Array, d: Float64Array, l: Float64Array) =>
        dot(textureForward(a, normalBatch, d, l, h, w), g);
      expectGradientMatches('texture/albedo', albedo, (a) => f(a, diffuse, light), grads.gradAlbedo);
      expectGradientMatches('texture/diffuse', diffuse, (d) => f(albedo, d, light), grads.gradDiffuse);
      expectGradientMatches('texture/light', light, (l) => f(albedo, diffuse, l), grads.gradLight);
    });
  }
});
