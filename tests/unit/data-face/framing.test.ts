/**
 * The synthetic training data's framing behind the crop rule (src/data/face/cropRule.ts): the rendered mesh's own
 * face oval, measured in the eye-levelled frame (the detector's view of the same renders is measured by
 * tools/facemodel/cropFraming.ts, which needs Human in Node). Also: the rule applied to a training face's own mesh
 * gives a centred crop, larger than the image by the mesh-to-detector oval ratio.
 */
import { describe, expect, it } from 'vitest';
import { turnPoints } from '../../../src/data/face/alignment';
import {
  faceCrop,
  levelledOval,
  MESH_OVAL_HEIGHT_FRACTION,
  OVAL_HEIGHT_FRACTION,
} from '../../../src/data/face/cropRule';
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

  it("at zero pose the mesh's oval fills 0.849 of the image height, centred", () => {
    const m = measure(frontal);
    expect(Math.abs(m.height.mean - MESH_OVAL_HEIGHT_FRACTION)).toBeLessThan(0.002);
    expect(m.height.sd).toBeLessThan(0.01);
    expect(Math.abs(m.dx.mean)).toBeLessThan(0.003);
    expect(Math.abs(m.dy.mean)).toBeLessThan(0.003);
  });

  it('over the training poses the mean framing is the same centre, the oval a little shorter (pitch)', () => {
    const m = measure((p) => p);
    expect(m.height.mean).toBeGreaterThan(0.8);
    expect(m.height.mean).toBeLessThan(MESH_OVAL_HEIGHT_FRACTION);
    expect(Math.abs(m.dx.mean)).toBeLessThan(0.015);
    expect(Math.abs(m.dy.mean)).toBeLessThan(0.005);
  });

  it("a frontal training face's own mesh crops to a centred square 0.849 / 0.77 of the image", () => {
    const want = MESH_OVAL_HEIGHT_FRACTION / OVAL_HEIGHT_FRACTION;
    for (const seed of [0, 1, 2, 3]) {
      const crop = faceCrop(projectedMesh(model, frontal(drawSampleParams(seed, limits)), SIZE));
      expect(Math.abs(crop.size / SIZE - want)).toBeLessThan(0.02);
      expect(Math.abs(crop.x + crop.size / 2 - SIZE / 2) + Math.abs(crop.y + crop.size / 2 - SIZE / 2)).toBeLessThan(
        0.02 * SIZE,
      );
      expect(Math.abs(crop.angle ?? 0)).toBeLessThan((5 * Math.PI) / 180);
    }
  });
});
