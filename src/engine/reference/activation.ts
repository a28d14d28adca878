/**
 * Float64 reference for the pointwise activations (PyTorch semantics). Backward functions take the forward input
 * (and, where cheaper, the forward output) and the output gradient, and return the input gradient.
 */

/** PyTorch's default LeakyReLU slope is 0.01; the method uses 0.2 everywhere (method-reference section 2). */
export const METHOD_LEAKY_SLOPE = 0.2;
/** torch.nn.Softplus(beta=1, threshold=20): above the threshold softplus(x) is x to double precision. */
export const SOFTPLUS_THRESHOLD = 20;

export type ActivationKind = 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid' | 'softplus';

function map(x: Float64Array, f: (v: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

function checkSameLength(x: Float64Array, dy: Float64Array, op: string): void {
  if (x.length !== dy.length) throw new Error(`${op} backward: input has ${x.length} values, gradient ${dy.length}`);
}

export function sigmoidScalar(v: number): number {
  // Split by sign so exp never overflows.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function softplusScalar(v: number): number {
  if (v > SOFTPLUS_THRESHOLD) return v;
  // log1p(exp(v)) written to stay accurate for large negative v.
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

export function activationForward(kind: ActivationKind, x: Float64Array, slope = METHOD_LEAKY_SLOPE): Float64Array {
  switch (kind) {
    case 'relu':
      return map(x, (v) => Math.max(v, 0));
    case 'leaky_relu':
      return map(x, (v) => (v > 0 ? v : slope * v));
    case 'tanh':
      return map(x, Math.tanh);
    case 'sigmoid':
      return map(x, sigmoidScalar);
    case 'softplus':
      return map(x, softplusScalar);
  }
}

/**
 * d activation / dx times dy. At x = 0 relu and leaky_relu take the left derivative (0 and slope), as PyTorch does.
 * tanh and sigmoid differentiate through their output (1 - y^2, y(1 - y)), recomputed here from x.
 */
export function activationBackward(
  kind: ActivationKind,
  x: Float64Array,
  dy: Float64Array,
  slope = METHOD_LEAKY_SLOPE,
): Float64Array {
  checkSameLength(x, dy, kind);
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let d: number;
    switch (kind) {
      case 'relu':
        d = v > 0 ? 1 : 0;
        break;
      case 'leaky_relu':
        d = v > 0 ? 1 : slope;
        break;
      case 'tanh': {
        const y = Math.tanh(v);
        d = 1 - y * y;
        break;
      }
      case 'sigmoid': {
        const y = sigmoidScalar(v);
        d = y * (1 - y);
        break;
      }
      case 'softplus':
        d = v > SOFTPLUS_THRESHOLD ? 1 : sigmoidScalar(v);
        break;
    }
    dx[i] = d * dy[i];
  }
  return dx;
}
