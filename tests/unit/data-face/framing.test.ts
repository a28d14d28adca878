/**
 * The crop rule's numbers are the synthetic training data's framing (src/data/face/cropRule.ts): the face oval
 * of training samples, projected as a detector would see it, measured in the eye-levelled frame. Also: the rule
 * applied to a training face's own landmarks gives back (about) the whole training image.
 */
import { describe, expect, it } from 'vitest';
import { turnPoints } from '../../../src/data/face/alignment';
import { faceCrop, levelledOval, OVAL_CENTRE_OFFSET, OVAL_HEIGHT_FRACTION } from '../../../src/data/face/cropRule';
import { loadFaceModelNode } from '../../../src/data/synth/loadFaceModelNode';
import { projectedMesh } from '../../../src/data/synth/projectedMesh';
import { drawSampleParams, type SampleParams } from '../../../src/data/synth/sampleParams';

const SIZE = 64;
const SEEDS = 400;

function stats(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

describe('the training framing behind the crop rule', () => {
  const model = loadFaceModelNode();
  const limits = {
    shapeModeCount: model.shapeModes.length,
    textureCount: model.textures.length,
    meanPositions: model.mean,
  };

  /** Oval height and box-centre offset from the image centre, in image sides, in the levelled frame. */
  function measure(pose: (p: SampleParams) => SampleParams) {
    const heights: number[] = [];
    const dx: number[] = [];
    const dy: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const mesh = projectedMesh(model, pose(drawSampleParams(seed, limits)), SIZE);
      const o = levelledOval(mesh);
      const [c] = turnPoints([[SIZE / 2, SIZE / 2]], o.pivot, -o.angle);
      heights.push((o.maxY - o.minY) / SIZE);
      dx.push(((o.minX + o.maxX) / 2 - c[0]) / SIZE);
      dy.push(((o.minY + o.maxY) / 2 - c[1]) / SIZE);
    }
    return { height: stats(heights), dx: stats(dx), dy: stats(dy) };
  }

  const frontal = (p: SampleParams): SampleParams => ({
    ...p,
    yawDeg: 0,
    pitchDeg: 0,
    rollDeg: 0,
    scale: 0.99,
    shift: [0, 0],
  });

  it('at zero pose the oval fills 0.85 of the image height, centred', () => {
    const m = measure(frontal);
    expect(Math.abs(m.height.mean - OVAL_HEIGHT_FRACTION)).toBeLessThan(0.005);
    expect(m.height.sd).toBeLessThan(0.01);
    expect(Math.abs(m.dx.mean - OVAL_CENTRE_OFFSET[0])).toBeLessThan(0.003);
    expect(Math.abs(m.dy.mean - OVAL_CENTRE_OFFSET[1])).toBeLessThan(0.003);
  });

  it('over the training poses the mean framing is the same centre, the oval a little shorter (pitch)', () => {
    const m = measure((p) => p);
    expect(m.height.mean).toBeGreaterThan(0.8);
    expect(m.height.mean).toBeLessThan(OVAL_HEIGHT_FRACTION);
    expect(Math.abs(m.dx.mean)).toBeLessThan(0.015);
    expect(Math.abs(m.dy.mean)).toBeLessThan(0.005);
  });

  it("a frontal training face's own landmarks crop back to about its whole image", () => {
    for (const seed of [0, 1, 2, 3]) {
      const crop = faceCrop(projectedMesh(model, frontal(drawSampleParams(seed, limits)), SIZE));
      expect(Math.abs(crop.size / SIZE - 1)).toBeLessThan(0.02);
      expect(Math.abs(crop.x) + Math.abs(crop.y)).toBeLessThan(0.03 * SIZE);
      expect(Math.abs(crop.angle ?? 0)).toBeLessThan((5 * Math.PI) / 180);
    }
  });
});
