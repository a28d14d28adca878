/**
 * Float64 reference for GroupNorm (torch.nn.GroupNorm, affine, eps 1e-5) on NCHW tensors.
 * Each (sample, group) of C/G channels x H x W values is normalised with its mean and biased variance:
 *   xhat = (x - mean) * rstd,  rstd = 1 / sqrt(var + eps),  y = gamma[c] * xhat + beta[c].
 * Backward, with g = gamma[c] * dy and M = (C/G)*H*W values per group:
 *   dx = rstd * (g - mean_group(g) - xhat * mean_group(g * xhat)),
 *   dgamma[c] = sum_{n,h,w} dy * xhat,  dbeta[c] = sum_{n,h,w} dy.
 */

export const GROUP_NORM_EPS = 1e-5;

export interface GroupNormShape {
  n: number;
  c: number;
  h: number;
  w: number;
  groups: number;
}

export function checkGroupNorm(shape: readonly number[], groups: number): GroupNormShape {
  if (shape.length !== 4) throw new Error(`group_norm expects NCHW, got shape [${shape.join(', ')}]`);
  const [n, c, h, w] = shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new Error(`group_norm: ${c} channels cannot be split into ${groups} groups`);
  }
  return { n, c, h, w, groups };
}

export interface GroupNormForward {
  y: Float64Array;
  /** Per (sample, group), row-major [N, G]: saved for backward. */
  mean: Float64Array;
  rstd: Float64Array;
}

export function groupNormForward(
  x: Float64Array,
  shape: readonly number[],
  groups: number,
  gamma: Float64Array,
  beta: Float64Array,
  eps = GROUP_NORM_EPS,
): GroupNormForward {
  const { n, c, h, w } = checkGroupNorm(shape, groups);
  if (x.length !== n * c * h * w) throw new Error('group_norm: data does not fill the shape');
  if (gamma.length !== c || beta.length !== c) throw new Error(`group_norm: gamma and beta need ${c} values`);
  const perGroup = (c / groups) * h * w;
  const hw = h * w;
  const y = new Float64Array(x.length);
  const mean = new Float64Array(n * groups);
  const rstd = new Float64Array(n * groups);
  for (let ng = 0; ng < n * groups; ng++) {
    const start = ng * perGroup;
    let sum = 0;
    for (let i = 0; i < perGroup; i++) sum += x[start + i];
    const m = sum / perGroup;
    let sq = 0;
    for (let i = 0; i < perGroup; i++) sq += (x[start + i] - m) ** 2;
    const r = 1 / Math.sqrt(sq / perGroup + eps);
    mean[ng] = m;
    rstd[ng] = r;
    // Groups are contiguous in NCHW: group g of sample s starts at channel g * C/G.
    const firstChannel = (ng % groups) * (c / groups);
    for (let i = 0; i < perGroup; i++) {
      const channel = firstChannel + Math.floor(i / hw);
      y[start + i] = gamma[channel] * (x[start + i] - m) * r + beta[channel];
    }
  }
  return { y, mean, rstd };
}

export interface GroupNormGrads {
  dx: Float64Array;
  dgamma: Float64Array;
  dbeta: Float64Array;
}

export function groupNormBackward(
  x: Float64Array,
  shape: readonly number[],
  groups: number,
  gamma: Float64Array,
  saved: { mean: Float64Array; rstd: Float64Array },
  dy: Float64Array,
): GroupNormGrads {
  const { n, c, h, w } = checkGroupNorm(shape, groups);
  if (dy.length !== x.length) throw new Error('group_norm backward: gradient does not match the input');
  const hw = h * w;
  const cPerGroup = c / groups;
  const perGroup = cPerGroup * hw;
  const dx = new Float64Array(x.length);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let s = 0; s < n; s++) {
    for (let g = 0; g < groups; g++) {
      const m = saved.mean[s * groups + g];
      const r = saved.rstd[s * groups + g];
      let sumG = 0;
      let sumGXhat = 0;
      for (let k = 0; k < cPerGroup; k++) {
        const ch = g * cPerGroup + k;
        const base = (s * c + ch) * hw;
        for (let i = 0; i < hw; i++) {
          const xhat = (x[base + i] - m) * r;
          const gi = gamma[ch] * dy[base + i];
          sumG += gi;
          sumGXhat += gi * xhat;
          dgamma[ch] += dy[base + i] * xhat;
          dbeta[ch] += dy[base + i];
        }
      }
      const meanG = sumG / perGroup;
      const meanGXhat = sumGXhat / perGroup;
      for (let k = 0; k < cPerGroup; k++) {
        const ch = g * cPerGroup + k;
        const base = (s * c + ch) * hw;
        for (let i = 0; i < hw; i++) {
          const xhat = (x[base + i] - m) * r;
          dx[base + i] = r * (gamma[ch] * dy[base + i] - meanG - xhat * meanGXhat);
        }
      }
    }
  }
  return { dx, dgamma, dbeta };
}
