// Modulation of StyleGAN2's non-fused modulated conv (src/gan/engine/ops/modconvModulate.reference.ts):
// y[n,c,p] = x[n,c,p] s[n,c]. Forward: one thread per value. Backward: one workgroup per (n, c) row writes
// dx = g s and reduces ds = sum_p g x, replacing a broadcast mul's several full-size passes.
struct Params {
  batch: u32,
  channels: u32,
  pixels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> s: array<f32>;

override WG: u32 = 256u;

// ---- forward ----
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn modulate_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.batch * params.channels * params.pixels) {
    return;
  }
  y[idx] = x[idx] * s[idx / params.pixels];
}

// ---- backward: workgroup (c, n) ----
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(5) var<storage, read_write> ds: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn modulate_backward(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * params.channels + wid.x;
  let scale = s[row];
  let start = row * params.pixels;
  var acc = 0.0;
  for (var p = lid; p < params.pixels; p += WG) {
    let gv = g[start + p];
    dx[start + p] = gv * scale;
    acc += gv * x[start + p];
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
    ds[row] = partial[0];
  }
}
