// dL/d normals of diffuse_forward: g l where n . l > 0, summed over the views that share a broadcast normal map.
// One thread per (normal batch entry, pixel).
struct Params {
  views: u32,
  normal_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> normals: array<f32>;
@group(0) @binding(2) var<storage, read> light: array<f32>;
@group(0) @binding(3) var<storage, read> grad_diffuse: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_normals: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.normal_batch * P.hw) {
    return;
  }
  let nb = idx / P.hw;
  let i = idx % P.hw;
  let o = nb * 3u * P.hw + i;
  let n = vec3f(normals[o], normals[o + P.hw], normals[o + 2u * P.hw]);
  var g = vec3f(0.0);
  for (var b = 0u; b < P.views; b++) {
    if (P.normal_batch != 1u && b != nb) {
      continue;
    }
    let l = normalize(vec3f(light[b * 4u + 2u], light[b * 4u + 3u], 1.0));
    if (dot(n, l) > 0.0) {
      g += grad_diffuse[b * P.hw + i] * l;
    }
  }
  grad_normals[o] = g.x;
  grad_normals[o + P.hw] = g.y;
  grad_normals[o + 2u * P.hw] = g.z;
}
