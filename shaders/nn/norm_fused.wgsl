// GroupNorm (affine) on NCHW with an optional fused ReLU / LeakyReLU, in few passes: one workgroup per (n, g)
// row (a group of sample n is C/G consecutive channels, one contiguous run of (C/G)*H*W values) does all of a
// row's work, so the forward is one dispatch and the backward two (the row pass and the parameter gradients,
// which sum over the samples). The per-value kernels of norm.wgsl did it in six, plus the activation's backward.
//   forward   stats (two passes: mean, then the centred sum of squares) and y = act(gamma (x - mean) rstd + beta)
//   backward  with dp = act'(y) * gy (the activation's derivative read from the sign of its output, slope >= 0):
//             per channel c of the row: sum dp and sum dp * xhat into sums[(n, c)], then
//             dx = rstd * (gamma dp - mean_g(gamma dp) - xhat * mean_g(gamma dp xhat))
//   params    dgamma[c] = sum_n sum dp xhat, dbeta[c] = sum_n sum dp
struct Params {
  batch: u32,
  channels: u32,
  groups: u32,
  hw: u32,
  eps: f32,
  // Negative slope of the fused leaky_relu (ACT 2).
  slope: f32,
}

@group(0) @binding(0) var<uniform> params: Params;

// Power of two (the tree reductions halve it).
override WG: u32 = 256u;
// Fused activation: 0 none, 1 relu, 2 leaky_relu.
override ACT: u32 = 0u;

var<workgroup> partial: array<vec2f, WG>;

// Sums of both components of `value` over the workgroup; every thread gets them. Call from uniform control flow.
fn workgroup_sum2(lid: u32, value: vec2f) -> vec2f {
  partial[lid] = value;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width /= 2u) {
    if (lid < width) {
      partial[lid] += partial[lid + width];
    }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

fn per_group() -> u32 {
  return params.channels / params.groups;
}

fn row_of(wid: vec3u, groups: vec3u) -> u32 {
  return wid.x + wid.y * groups.x;
}

fn activate(v: f32) -> f32 {
  if (ACT == 1u) {
    return max(v, 0.0);
  }
  if (ACT == 2u) {
    return select(params.slope * v, v, v > 0.0);
  }
  return v;
}

// d act / d pre-activation, read from the output y (left derivative at 0, as PyTorch).
fn derivative(y_value: f32) -> f32 {
  if (ACT == 1u) {
    return select(0.0, 1.0, y_value > 0.0);
  }
  if (ACT == 2u) {
    return select(params.slope, 1.0, y_value > 0.0);
  }
  return 1.0;
}

// ---- forward: one workgroup per (n, g) ----
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = row_of(wid, groups);
  if (row >= params.batch * params.groups) {
    return;
  }
  let len = per_group() * params.hw;
  let start = row * len;
  var acc = 0.0;
  for (var i = lid; i < len; i += WG) {
    acc += x[start + i];
  }
  let mean = workgroup_sum2(lid, vec2f(acc, 0.0)).x / f32(len);
  // The centred sum of squares avoids E[x^2] - E[x]^2 cancellation.
  var sq = 0.0;
  for (var i = lid; i < len; i += WG) {
    let d = x[start + i] - mean;
    sq += d * d;
  }
  let rstd = inverseSqrt(workgroup_sum2(lid, vec2f(sq, 0.0)).x / f32(len) + params.eps);
  let c0 = (row % params.groups) * per_group();
  for (var i = lid; i < len; i += WG) {
    let c = c0 + i / params.hw;
    y[start + i] = activate((x[start + i] - mean) * rstd * gamma[c] + beta[c]);
  }
  if (lid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ---- backward, row pass: one workgroup per (n, g) ----
@group(0) @binding(1) var<storage, read> bx: array<f32>;
// The forward's output (post-activation); read only when ACT != 0.
@group(0) @binding(2) var<storage, read> by: array<f32>;
@group(0) @binding(3) var<storage, read> gy: array<f32>;
@group(0) @binding(4) var<storage, read> bgamma: array<f32>;
@group(0) @binding(5) var<storage, read> bstats: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
@group(0) @binding(7) var<storage, read_write> sums: array<f32>;

fn pre_grad(i: u32) -> f32 {
  if (ACT == 0u) {
    return gy[i];
  }
  return derivative(by[i]) * gy[i];
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = row_of(wid, groups);
  if (row >= params.batch * params.groups) {
    return;
  }
  let n = row / params.groups;
  let c0 = (row % params.groups) * per_group();
  let mean = bstats[2u * row];
  let rstd = bstats[2u * row + 1u];
  // Group coefficients: sum_c gamma_c * (sum dp, sum dp xhat) over the row's channels.
  var coeff = vec2f(0.0);
  for (var k = 0u; k < per_group(); k++) {
    let c = c0 + k;
    let start = (n * params.channels + c) * params.hw;
    var s = vec2f(0.0);
    for (var i = lid; i < params.hw; i += WG) {
      let dp = pre_grad(start + i);
      s += vec2f(dp, dp * (bx[start + i] - mean) * rstd);
    }
    let total = workgroup_sum2(lid, s);
    if (lid == 0u) {
      let at = 2u * (n * params.channels + c);
      sums[at] = total.x;
      sums[at + 1u] = total.y;
    }
    coeff += bgamma[c] * total;
  }
  coeff /= f32(per_group() * params.hw);
  let len = per_group() * params.hw;
  let start = row * len;
  for (var i = lid; i < len; i += WG) {
    let c = c0 + i / params.hw;
    let xhat = (bx[start + i] - mean) * rstd;
    dx[start + i] = rstd * (bgamma[c] * pre_grad(start + i) - coeff.x - xhat * coeff.y);
  }
}

// ---- backward, parameter gradients: one thread per channel ----
@group(0) @binding(1) var<storage, read> psums: array<f32>;
@group(0) @binding(2) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbeta: array<f32>;

@compute @workgroup_size(WG)
fn param_grads(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let c = flat_index(gid, groups, WG);
  if (c >= params.channels) {
    return;
  }
  var g = vec2f(0.0);
  for (var n = 0u; n < params.batch; n++) {
    let at = 2u * (n * params.channels + c);
    g += vec2f(psums[at], psums[at + 1u]);
  }
  dbeta[c] = g.x;
  dgamma[c] = g.y;
}
