/**
 * The view and light nets' outputs as physical quantities (method-reference section 2, "Output -> physical
 * quantities"). Both nets end in tanh; the prior mean is added (GAN2Shape's add_mean_V / add_mean_L), then:
 * - view v (6): rotations (rx, ry, rz) = v[0:3] x 60 deg, translations (tx, ty) = v[3:5] x 0.1, tz = v[5] x 0
 *   (z_translation_range is 0 in every config);
 * - light l (4): k_a = (l0 + 1) / 2, k_d = (l1 + 1) / 2, direction normalize(l2, l3, 1) - the renderer takes
 *   (k_a, k_d, l_x, l_y) and normalizes the direction itself.
 * The means: GAN2Shape reads them from MVN files of its release (not obtainable); here the view mean is 0 (the
 * canonical frame is the input's frame) and the light mean 0 (k_a = k_d = 0.5, frontal), documented in
 * docs/METHOD.md. Differentiable (step 3 trains V and L through these).
 */
import type { Backend } from '../../engine/backend';
import { add, mul } from '../../engine/ops/elementwise';
import type { Tensor } from '../../engine/tensor';

export const ROTATION_RANGE_DEGREES = 60;
export const XY_TRANSLATION_RANGE = 0.1;
export const Z_TRANSLATION_RANGE = 0;

export const VIEW_MEAN: readonly number[] = [0, 0, 0, 0, 0, 0];
export const LIGHT_MEAN: readonly number[] = [0, 0, 0, 0];

const DEG = Math.PI / 180;
const VIEW_SCALE = [
  ROTATION_RANGE_DEGREES * DEG,
  ROTATION_RANGE_DEGREES * DEG,
  ROTATION_RANGE_DEGREES * DEG,
  XY_TRANSLATION_RANGE,
  XY_TRANSLATION_RANGE,
  Z_TRANSLATION_RANGE,
];
const LIGHT_SCALE = [0.5, 0.5, 1, 1];
const LIGHT_SHIFT = [0.5, 0.5, 0, 0];

/** y = (x + mean) * scale + shift per column of x [B, C]. */
function columnAffine(backend: Backend, x: Tensor, mean: readonly number[], scale: number[], shift?: number[]) {
  const c = x.shape[1];
  const row = (values: readonly number[]) => backend.fromArray(values, [1, c]);
  const scaled = mul(add(x, row(mean)), row(scale));
  return shift ? add(scaled, row(shift)) : scaled;
}

/** V(I) output [B, 6] (after tanh) -> (rx, ry, rz, tx, ty, tz) in radians / world units. */
export function viewFromNet(raw: Tensor, mean: readonly number[] = VIEW_MEAN): Tensor {
  return columnAffine(raw.backend, raw, mean, VIEW_SCALE);
}

/** L(I) output [B, 4] (after tanh) -> (k_a, k_d, l_x, l_y), the renderer's light layout. */
export function lightFromNet(raw: Tensor, mean: readonly number[] = LIGHT_MEAN): Tensor {
  return columnAffine(raw.backend, raw, mean, LIGHT_SCALE, LIGHT_SHIFT);
}

/** The same mapping on plain numbers (pseudo-sample sampling, snapshots, tests). */
export function viewFromNetValues(raw: readonly number[], mean: readonly number[] = VIEW_MEAN): number[] {
  return raw.map((v, i) => (v + mean[i]) * VIEW_SCALE[i]);
}

export function lightFromNetValues(raw: readonly number[], mean: readonly number[] = LIGHT_MEAN): number[] {
  return raw.map((v, i) => (v + mean[i]) * LIGHT_SCALE[i] + LIGHT_SHIFT[i]);
}
