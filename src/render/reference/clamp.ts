/**
 * The reconstruction's last step, torch.clamp(x, -1, 1), and its gradient, which passes on the closed interval
 * [-1, 1] of the unclamped value: one definition for the clamp op, the fused grid_sample + clamp and the float64
 * reconstruction.
 */
export function clampUnit(x: Float64Array): Float64Array {
  return x.map((v) => Math.min(1, Math.max(-1, v)));
}

/** gradOut where -1 <= x <= 1 (x before the clamp), else 0. */
export function clampUnitBackward(x: ArrayLike<number>, gradOut: ArrayLike<number>): Float64Array {
  return Float64Array.from(gradOut, (g, i) => (x[i] >= -1 && x[i] <= 1 ? g : 0));
}
