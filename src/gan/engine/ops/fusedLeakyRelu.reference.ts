/**
 * Float64 reference for StyleGAN2's fused bias + leaky ReLU (rosinality's fused_leaky_relu):
 * y = leaky_relu(x + bias[c], slope) · gain on x [N, C, ...] (bias per channel, dim 1; bias optional).
 * The input gradient is gy · gain · (pre > 0 ? 1 : slope) with pre = x + bias: the left derivative at 0, as
 * PyTorch's leaky_relu. The bias gradient is that input gradient summed over every axis but the channel one.
 */

export interface FusedLeakyReluGeometry {
  outer: number;
  channels: number;
  /** Product of the axes after the channel axis (1 for [N, C]). */
  inner: number;
}

export interface FusedLeakyReluParams {
  slope: number;
  gain: number;
}

export function fusedLeakyReluGeometry(
  xShape: readonly number[],
  biasShape: readonly number[] | null,
  what = 'fusedLeakyRelu',
): FusedLeakyReluGeometry {
  if (xShape.length < 2) throw new Error(`${what}: x must be [N, C, ...], got [${xShape.join(', ')}].`);
  const channels = xShape[1];
  if (biasShape && (biasShape.length !== 1 || biasShape[0] !== channels))
    throw new Error(`${what}: bias [${biasShape.join(', ')}] does not match the ${channels} channels of x.`);
  const inner = xShape.slice(2).reduce((a, b) => a * b, 1);
  return { outer: xShape[0], channels, inner };
}

function preActivation(x: Float64Array, bias: Float64Array | null, g: FusedLeakyReluGeometry, i: number): number {
  return bias ? x[i] + bias[Math.floor(i / g.inner) % g.channels] : x[i];
}

export function fusedLeakyReluForward(
  x: Float64Array,
  bias: Float64Array | null,
  g: FusedLeakyReluGeometry,
  p: FusedLeakyReluParams,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = preActivation(x, bias, g, i);
    y[i] = (v > 0 ? v : p.slope * v) * p.gain;
  }
  return y;
}

/** dL/dx (= dL/d(x + bias)); the bias gradient is its per-channel sum. */
export function fusedLeakyReluBackward(
  x: Float64Array,
  bias: Float64Array | null,
  gy: Float64Array,
  g: FusedLeakyReluGeometry,
  p: FusedLeakyReluParams,
): Float64Array {
  if (gy.length !== x.length)
    throw new Error(`fusedLeakyRelu backward: x has ${x.length} values, the gradient ${gy.length}.`);
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = preActivation(x, bias, g, i);
    dx[i] = gy[i] * p.gain * (v > 0 ? 1 : p.slope);
  }
  return dx;
}
