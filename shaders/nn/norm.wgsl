// GroupNorm (affine) on NCHW. A group of sample n is C/G consecutive channels, i.e. one contiguous run of
// (C/G)*H*W values. stats holds (mean, rstd) per (n, g); sums holds (sum dy, sum dy*xhat) per (n, c); coeffs
// holds (mean_group(gamma*dy), mean_group(gamma*dy*xhat)) per (n, g).
// Workgroup-per-row entries (stats, channel_sums) need a power-of-two WG; per-value entries use flat indices.
struct Params {
  batch: u32,
  channels: u32,
  groups: u32,
  hw: u32,
  eps: f32,
  // Threads of the per-value entries (values, or groups of four values for the *_vec4 ones).
  n: u32,
  // Negative slope of the fused leaky_relu (ACT 2).
  slope: f32,
}

@group(0) @binding(0) var<uniform> params: Params;

override WG: u32 = 256u;
// Activation fused into apply's store: 0 none, 1 relu, 2 leaky_relu (the method follows every GN with one).
override ACT: u32 = 0u;

var<workgroup> partial: array<f32, WG>;

// Sum of `value` over the workgroup; every thread gets the result. Call from uniform control flow.
fn workgroup_sum(lid: u32, value: f32) -> f32 {
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

fn group_len() -> u32 {
  return (params.channels / params.groups) * params.hw;
}

// ---- forward: stats (one workgroup per (n, g)) ----
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats_out: array<f32>;

@compute @workgroup_size(WG)
fn stats(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * groups.x;
  if (row >= params.batch * params.groups) {
    return;
  }
  let len = group_len();
  let start = row * len;
  var acc = 0.0;
  for (var i = lid; i < len; i += WG) {
    acc += x[start + i];
  }
  let mean = workgroup_sum(lid, acc) / f32(len);
  // Second pass over the (cached) group: the centred sum of squares avoids E[x^2] - E[x]^2 cancellation.
  var sq = 0.0;
  for (var i = lid; i < len; i += WG) {
    let d = x[start + i] - mean;
    sq += d * d;
  }
  let variance = workgroup_sum(lid, sq) / f32(len);
  if (lid == 0u) {
    stats_out[2u * row] = mean;
    stats_out[2u * row + 1u] = inverseSqrt(variance + params.eps);
  }
}

fn activate(v: vec4f) -> vec4f {
  if (ACT == 1u) {
    return max(v, vec4f(0.0));
  }
  if (ACT == 2u) {
    return select(params.slope * v, v, v > vec4f(0.0));
  }
  return v;
}

// ---- forward: y = act(gamma * (x - mean) * rstd + beta) ----
@group(0) @binding(2) var<storage, read> stats_in: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4f>;
@group(0) @binding(5) var<storage, read_write> y4: array<vec4f>;

// Channel and (n, g) row of flat value index i.
fn locate(i: u32) -> vec2u {
  let nc = i / params.hw;
  let c = nc % params.channels;
  let n = nc / params.channels;
  return vec2u(c, n * params.groups + c / (params.channels / params.groups));
}

@compute @workgroup_size(WG)
fn apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i >= params.n) {
    return;
  }
  let at = locate(i);
  let scale = gamma[at.x] * stats_in[2u * at.y + 1u];
  y[i] = activate(vec4f((x[i] - stats_in[2u * at.y]) * scale + beta[at.x])).x;
}

// Four values of one channel per thread (needs hw % 4 == 0).
@compute @workgroup_size(WG)
fn apply_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i4 = flat_index(gid, groups, WG);
  if (i4 >= params.n) {
    return;
  }
  let at = locate(i4 * 4u);
  let scale = gamma[at.x] * stats_in[2u * at.y + 1u];
  y4[i4] = activate((x4[i4] - stats_in[2u * at.y]) * scale + beta[at.x]);
}

// ---- backward: per-(n, c) sums (one workgroup per (n, c)) ----
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> stats_b: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums_out: array<f32>;

@compute @workgroup_size(WG)
fn channel_sums(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * groups.x;
  if (row >= params.batch * params.channels) {
    return;
  }
  let g = (row / params.channels) * params.groups + (row % params.channels) / (params.channels / params.groups);
  let mean = stats_b[2u * g];
  let rstd = stats_b[2u * g + 1u];
  let start = row * params.hw;
  var s_dy = 0.0;
  var s_dy_xhat = 0.0;
  for (var i = lid; i < params.hw; i += WG) {
    let d = dy[start + i];
    s_dy += d;
    s_dy_xhat += d * (x[start + i] - mean) * rstd;
  }
  let total_dy = workgroup_sum(lid, s_dy);
  let total_dy_xhat = workgroup_sum(lid, s_dy_xhat);
  if (lid == 0u) {
    sums_out[2u * row] = total_dy;
    sums_out[2u * row + 1u] = total_dy_xhat;
  }
}

// ---- backward: dgamma[c] = sum_n sum dy*xhat, dbeta[c] = sum_n sum dy (one thread per channel) ----
@group(0) @binding(1) var<storage, read> sums_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbeta: array<f32>;

@compute @workgroup_size(WG)
fn param_grads(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let c = flat_index(gid, groups, WG);
  if (c >= params.channels) {
    return;
  }
  var g_gamma = 0.0;
  var g_beta = 0.0;
  for (var n = 0u; n < params.batch; n++) {
    let row = n * params.channels + c;
    g_beta += sums_in[2u * row];
    g_gamma += sums_in[2u * row + 1u];
  }
  dgamma[c] = g_gamma;
  dbeta[c] = g_beta;
}

// ---- backward: per-(n, g) coefficients (one thread per (n, g)) ----
@group(0) @binding(2) var<storage, read> gamma_c: array<f32>;
@group(0) @binding(3) var<storage, read_write> coeffs_out: array<f32>;

@compute @workgroup_size(WG)
fn group_coeffs(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let row = flat_index(gid, groups, WG);
  if (row >= params.batch * params.groups) {
    return;
  }
  let per_group = params.channels / params.groups;
  let n = row / params.groups;
  let c0 = (row % params.groups) * per_group;
  var a = 0.0;
  var b = 0.0;
  for (var k = 0u; k < per_group; k++) {
    let c = c0 + k;
    let s = 2u * (n * params.channels + c);
    a += gamma_c[c] * sums_in[s];
    b += gamma_c[c] * sums_in[s + 1u];
  }
  let len = f32(group_len());
  coeffs_out[2u * row] = a / len;
  coeffs_out[2u * row + 1u] = b / len;
}

// ---- backward: dx = rstd * (gamma * dy - mean_g(gamma dy) - xhat * mean_g(gamma dy xhat)) ----
@group(0) @binding(4) var<storage, read> gamma_d: array<f32>;
@group(0) @binding(5) var<storage, read> coeffs: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<storage, read> dy4: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> dx4: array<vec4f>;

@compute @workgroup_size(WG)
fn input_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i >= params.n) {
    return;
  }
  let at = locate(i);
  let mean = stats_b[2u * at.y];
  let rstd = stats_b[2u * at.y + 1u];
  let xhat = (x[i] - mean) * rstd;
  dx[i] = rstd * (gamma_d[at.x] * dy[i] - coeffs[2u * at.y] - xhat * coeffs[2u * at.y + 1u]);
}

@compute @workgroup_size(WG)
fn input_grad_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i4 = flat_index(gid, groups, WG);
  if (i4 >= params.n) {
    return;
  }
  let at = locate(i4 * 4u);
  let mean = stats_b[2u * at.y];
  let rstd = stats_b[2u * at.y + 1u];
  let xhat = (x4[i4] - mean) * rstd;
  dx4[i4] = rstd * (gamma_d[at.x] * dy4[i4] - coeffs[2u * at.y] - xhat * coeffs[2u * at.y + 1u]);
}
