// Fused epilogue of a StyleGAN2 styled conv (src/gan/engine/ops/synthActivate.reference.ts):
// y = gain * leaky_relu(x[n,c,p] d[n,c] + nw noise[p] + b[c]) over x [N,C,H,W] (p = h W + w).
// Forward: one thread per value. Backward: one workgroup per (n, c) row writes dx and reduces dd[n,c].
struct Params {
  batch: u32,
  channels: u32,
  pixels: u32,
  slope: f32,
  gain: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> d: array<f32>;
@group(0) @binding(3) var<storage, read> noise: array<f32>;
@group(0) @binding(4) var<storage, read> noise_weight: array<f32>;
@group(0) @binding(5) var<storage, read> bias: array<f32>;

override WG: u32 = 256u;

fn pre_activation(index: u32, row: u32, p: u32) -> f32 {
  return x[index] * d[row] + noise_weight[0] * noise[p] + bias[row % params.channels];
}

// ---- forward ----
@group(0) @binding(6) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn activate_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.batch * params.channels * params.pixels) {
    return;
  }
  let row = idx / params.pixels;
  let pre = pre_activation(idx, row, idx - row * params.pixels);
  y[idx] = params.gain * select(params.slope * pre, pre, pre > 0.0);
}

// ---- backward: workgroup (c, n) ----
@group(0) @binding(6) var<storage, read> g: array<f32>;
@group(0) @binding(7) var<storage, read_write> dx: array<f32>;
@group(0) @binding(8) var<storage, read_write> dd: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn activate_backward(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * params.channels + wid.x;
  let scale = d[row];
  let start = row * params.pixels;
  var acc = 0.0;
  for (var p = lid; p < params.pixels; p += WG) {
    let idx = start + p;
    let pre = pre_activation(idx, row, p);
    let a = g[idx] * params.gain * select(params.slope, 1.0, pre > 0.0);
    dx[idx] = a * scale;
    acc += a * x[idx];
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width /= 2u) {
    if (lid < width) {
      partial[lid] += partial[lid + width];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    dd[row] = partial[0];
  }
}
