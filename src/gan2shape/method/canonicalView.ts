/**
 * The view and light step 1 renders the input with until the view and light nets exist (they arrive with step 3,
 * which is the only step that trains them): view 0 and the light nets' neutral output. The light net outputs
 * l = tanh(L(I)) + mean; with l = 0 this gives k_a = (0 + 1) / 2, k_d = (0 + 1) / 2 and dir = normalize(0, 0, 1),
 * a frontal light (method-reference section 2, "Output -> physical quantities").
 */
import type { Backend } from '../../engine/backend';
import type { Tensor } from '../../engine/tensor';

/** (rx, ry, rz, tx, ty, tz): no rotation, no translation. */
export const FRONTAL_VIEW: readonly number[] = [0, 0, 0, 0, 0, 0];

/** (k_a, k_d, l_x, l_y) after the light net's rescaling, for a light net output of 0. */
export const FRONTAL_LIGHT: readonly number[] = [0.5, 0.5, 0, 0];

export function frontalViewTensor(backend: Backend, batch = 1): Tensor {
  return backend.fromArray(Array.from({ length: batch }, () => FRONTAL_VIEW).flat(), [batch, 6]);
}

export function frontalLightTensor(backend: Backend, batch = 1): Tensor {
  return backend.fromArray(Array.from({ length: batch }, () => FRONTAL_LIGHT).flat(), [batch, 4]);
}
