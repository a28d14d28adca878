/**
 * View transforms (method reference section 3). A view is 6 numbers (rx, ry, rz, tx, ty, tz): rotation angles in
 * radians (ry is yaw, rx pitch, rz roll) and a translation in world units. R = Rz(rz) Ry(ry) Rx(rx), right-handed.
 * Canonical -> view: P' = R (P - C) + C + t; view -> canonical: P = R^T (P' - t - C) + C, with C = (0, 0, 1).
 * Matrices are row-major arrays of 9 numbers.
 */
import { ROTATION_CENTER_DEPTH } from './camera';

export const VIEW_SIZE = 6;

export type Mat3 = Float64Array;

function rx(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [1, 0, 0, 0, c, -s, 0, s, c];
}
function ry(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [c, 0, s, 0, 1, 0, -s, 0, c];
}
function rz(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}
function drx(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [0, 0, 0, 0, -s, -c, 0, c, -s];
}
function dry(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [-s, 0, c, 0, 0, 0, -c, 0, -s];
}
function drz(a: number): number[] {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [-s, -c, 0, c, -s, 0, 0, 0, 0];
}

function mul(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return out;
}

/** R = Rz Ry Rx for the view at index `b` of a [B, 6] view array. */
export function rotationMatrix(view: ArrayLike<number>, b = 0): Mat3 {
  const o = b * VIEW_SIZE;
  return Float64Array.from(mul(rz(view[o + 2]), mul(ry(view[o + 1]), rx(view[o]))));
}

/** dR/d(rx), dR/d(ry), dR/d(rz): three row-major 3x3 matrices. */
export function rotationMatrixDerivatives(view: ArrayLike<number>, b = 0): [Mat3, Mat3, Mat3] {
  const o = b * VIEW_SIZE;
  const [a, bb, c] = [view[o], view[o + 1], view[o + 2]];
  return [
    Float64Array.from(mul(rz(c), mul(ry(bb), drx(a)))),
    Float64Array.from(mul(rz(c), mul(dry(bb), rx(a)))),
    Float64Array.from(mul(drz(c), mul(ry(bb), rx(a)))),
  ];
}

/** Chains a gradient on the 9 matrix entries into gradients of the three angles. */
export function rotationBackward(
  view: ArrayLike<number>,
  b: number,
  gradR: ArrayLike<number>,
): [number, number, number] {
  const d = rotationMatrixDerivatives(view, b);
  const out: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) for (let i = 0; i < 9; i++) out[k] += gradR[i] * d[k][i];
  return out;
}

/** P' = R (P - C) + C + t. */
export function toView(R: Mat3, view: ArrayLike<number>, b: number, p: ArrayLike<number>): [number, number, number] {
  const o = b * VIEW_SIZE;
  const q = [p[0], p[1], p[2] - ROTATION_CENTER_DEPTH];
  return [
    R[0] * q[0] + R[1] * q[1] + R[2] * q[2] + view[o + 3],
    R[3] * q[0] + R[4] * q[1] + R[5] * q[2] + view[o + 4],
    R[6] * q[0] + R[7] * q[1] + R[8] * q[2] + ROTATION_CENTER_DEPTH + view[o + 5],
  ];
}

/** P = R^T (P' - t - C) + C. */
export function toCanonical(
  R: Mat3,
  view: ArrayLike<number>,
  b: number,
  p: ArrayLike<number>,
): [number, number, number] {
  const o = b * VIEW_SIZE;
  const q = [p[0] - view[o + 3], p[1] - view[o + 4], p[2] - view[o + 5] - ROTATION_CENTER_DEPTH];
  return [
    R[0] * q[0] + R[3] * q[1] + R[6] * q[2],
    R[1] * q[0] + R[4] * q[1] + R[7] * q[2],
    R[2] * q[0] + R[5] * q[1] + R[8] * q[2] + ROTATION_CENTER_DEPTH,
  ];
}

/**
 * Backward of toView for one point: given dL/dP', adds dL/dR (= g (P - C)^T) into gradR and dL/dt into gradT,
 * and returns dL/dP = R^T g.
 */
export function toViewBackward(
  R: Mat3,
  p: ArrayLike<number>,
  g: ArrayLike<number>,
  gradR: Float64Array,
  gradT: Float64Array,
): [number, number, number] {
  const q = [p[0], p[1], p[2] - ROTATION_CENTER_DEPTH];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) gradR[i * 3 + j] += g[i] * q[j];
    gradT[i] += g[i];
  }
  return [
    R[0] * g[0] + R[3] * g[1] + R[6] * g[2],
    R[1] * g[0] + R[4] * g[1] + R[7] * g[2],
    R[2] * g[0] + R[5] * g[1] + R[8] * g[2],
  ];
}

/**
 * Backward of toCanonical for one point: with D = P' - t - C and P = R^T D + C, dL/dR[i][k] = D_i g_k,
 * dL/dt = -R g, and the return value dL/dP' = R g.
 */
export function toCanonicalBackward(
  R: Mat3,
  view: ArrayLike<number>,
  b: number,
  p: ArrayLike<number>,
  g: ArrayLike<number>,
  gradR: Float64Array,
  gradT: Float64Array,
): [number, number, number] {
  const o = b * VIEW_SIZE;
  const d = [p[0] - view[o + 3], p[1] - view[o + 4], p[2] - view[o + 5] - ROTATION_CENTER_DEPTH];
  const rg: [number, number, number] = [
    R[0] * g[0] + R[1] * g[1] + R[2] * g[2],
    R[3] * g[0] + R[4] * g[1] + R[5] * g[2],
    R[6] * g[0] + R[7] * g[1] + R[8] * g[2],
  ];
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 3; k++) gradR[i * 3 + k] += d[i] * g[k];
    gradT[i] -= rg[i];
  }
  return rg;
}

/** Writes the 6 view gradients of view b from accumulated dL/dR and dL/dt. */
export function writeViewGradient(
  view: ArrayLike<number>,
  b: number,
  gradR: ArrayLike<number>,
  gradT: ArrayLike<number>,
  out: Float64Array,
): void {
  const angles = rotationBackward(view, b, gradR);
  const o = b * VIEW_SIZE;
  for (let k = 0; k < 3; k++) {
    out[o + k] += angles[k];
    out[o + 3 + k] += gradT[k];
  }
}
