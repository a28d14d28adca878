// dL/d albedo of texture_forward: g (k_a + k_d diffuse), summed over the views that share a broadcast albedo.
// One thread per (albedo batch entry, pixel).
struct Params {
  views: u32,
  albedo_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> diffuse: array<f32>;
@group(0) @binding(2) var<storage, read> light: array<f32>;
@group(0) @binding(3) var<storage, read> grad_texture: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_albedo: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.albedo_batch * P.hw) {
    return;
  }
  let ab = idx / P.hw;
  let i = idx % P.hw;
  var g = vec3f(0.0);
  for (var b = 0u; b < P.views; b++) {
    if (P.albedo_batch != 1u && b != ab) {
      continue;
    }
    let shading = light[b * 4u] + light[b * 4u + 1u] * diffuse[b * P.hw + i];
    let o = b * 3u * P.hw + i;
    g += shading * vec3f(grad_texture[o], grad_texture[o + P.hw], grad_texture[o + 2u * P.hw]);
  }
  grad_albedo[ab * 3u * P.hw + i] = g.x;
  grad_albedo[ab * 3u * P.hw + P.hw + i] = g.y;
  grad_albedo[ab * 3u * P.hw + 2u * P.hw + i] = g.z;
}
