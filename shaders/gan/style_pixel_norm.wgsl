// PixelNorm of latent rows x [N, D] (src/gan/engine/ops/stylePixelNorm.reference.ts): y = x rsqrt(mean(x^2) + eps).
// One thread per row: the mapping network runs on a handful of rows of at most 512 values.
struct Params {
  rows: u32,
  dim: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;

override WG: u32 = 64u;

fn row_rstd(start: u32) -> f32 {
  var sq = 0.0;
  for (var j = 0u; j < params.dim; j++) {
    sq += x[start + j] * x[start + j];
  }
  return inverseSqrt(sq / f32(params.dim) + params.eps);
}

// ---- forward ----
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn pixel_norm_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let row = flat_index(gid, groups, WG);
  if (row >= params.rows) {
    return;
  }
  let start = row * params.dim;
  let r = row_rstd(start);
  for (var j = 0u; j < params.dim; j++) {
    y[start + j] = x[start + j] * r;
  }
}

// ---- backward ----
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn pixel_norm_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let row = flat_index(gid, groups, WG);
  if (row >= params.rows) {
    return;
  }
  let start = row * params.dim;
  let r = row_rstd(start);
  var dot = 0.0;
  for (var j = 0u; j < params.dim; j++) {
    dot += g[start + j] * x[start + j];
  }
  let k = r * r * r * dot / f32(params.dim);
  for (var j = 0u; j < params.dim; j++) {
    dx[start + j] = r * g[start + j] - x[start + j] * k;
  }
}
