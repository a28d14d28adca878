/**
 * The 3D manipulation path: the recovered depth mesh, textured with the shaded albedo, rotated and relit by the
 * engine's renderer (method-reference section 8, `im_rotate` / `im_relight`). Forward only; one view per call.
 */
import type { Backend } from '../../engine/backend';
import { renderNovelViews } from '../../render';

export interface Manipulation {
  yawDeg: number;
  pitchDeg: number;
  /** Light direction normalize(lightX, lightY, 1). */
  lightX: number;
  lightY: number;
  ambient: number;
  diffuse: number;
}

/** Ambient 1, diffuse 0 and no rotation reproduce the texture as it is. */
export const NEUTRAL_MANIPULATION: Manipulation = {
  yawDeg: 0,
  pitchDeg: 0,
  lightX: 0,
  lightY: 0,
  ambient: 1,
  diffuse: 0,
};

/** View vector of the renderer: (rx, ry, rz) radians about (0, 0, 1), then translations; pitch is rx, yaw ry. */
export function manipulationView(m: Manipulation): number[] {
  const rad = Math.PI / 180;
  return [m.pitchDeg * rad, m.yawDeg * rad, 0, 0, 0, 0];
}

/** Renders depth [S*S] with albedo (CHW [-1,1]) under a manipulation; returns CHW [-1,1] RGB. */
export async function renderManipulated(
  backend: Backend,
  depth: Float32Array,
  albedo: Float32Array,
  size: number,
  m: Manipulation,
): Promise<Float32Array> {
  const depthT = backend.fromArray(depth, [1, size, size]);
  const albedoT = backend.fromArray(albedo, [1, 3, size, size]);
  const light = backend.fromArray([m.ambient, m.diffuse, m.lightX, m.lightY], [1, 4]);
  const view = backend.fromArray(manipulationView(m), [1, 6]);
  try {
    const { image, coverage } = renderNovelViews({ depth: depthT, albedo: albedoT, light, view });
    coverage.release();
    const values = Float32Array.from(await image.read());
    image.release();
    return values;
  } finally {
    for (const t of [depthT, albedoT, light, view]) t.release();
  }
}
