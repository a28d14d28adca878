/**
 * Float64 reference of one Adam step with PyTorch semantics (torch.optim.Adam, amsgrad off), in place.
 * Coupled weight decay, as in PyTorch's Adam (not AdamW): g = grad + wd * p.
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)      (t = step number, from 1)
 */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export function adamStep(
  param: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  h: AdamHyper,
  step: number,
): void {
  if (!Number.isInteger(step) || step < 1) throw new Error(`Adam step number must be >= 1, got ${step}.`);
  const bc1 = 1 - h.beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** step);
  const stepSize = h.lr / bc1;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] + h.weightDecay * param[i];
    m[i] = h.beta1 * m[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    param[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + h.eps);
  }
}
