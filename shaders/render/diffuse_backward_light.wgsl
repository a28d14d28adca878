// Per-pixel light partials of diffuse_forward, [B, HW, 4] = (0, 0, dL/dl_x, dL/dl_y) for reducePartials (src/render/gpu/dispatch.ts):
// g n pushed through d normalize(v)/dv = (I - l l^T) / |v| with v = (l_x, l_y, 1).
struct Params {
  views: u32,
  normal_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> normals: array<f32>;
@group(0) @binding(2) var<storage, read> light: array<f32>;
@group(0) @binding(3) var<storage, read> grad_diffuse: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial: array<vec4f>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.hw) {
    return;
  }
  let b = idx / P.hw;
  let i = idx % P.hw;
  let o = select(b, 0u, P.normal_batch == 1u) * 3u * P.hw + i;
  let n = vec3f(normals[o], normals[o + P.hw], normals[o + 2u * P.hw]);
  let v = vec3f(light[b * 4u + 2u], light[b * 4u + 3u], 1.0);
  let l = normalize(v);
  var gv = vec3f(0.0);
  if (dot(n, l) > 0.0) {
    let gl = grad_diffuse[idx] * n;
    gv = (gl - l * dot(l, gl)) / length(v);
  }
  partial[idx] = vec4f(0.0, 0.0, gv.x, gv.y);
}
