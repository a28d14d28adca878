// diffuse[b] = max(0, n . l_b) with l = normalize(l_x, l_y, 1); normals [Bn, 3, H, W] (Bn = 1 broadcasts),
// light [B, 4] = (k_a, k_d, l_x, l_y); out [B, 1, H, W]. One thread per (view, pixel).
struct Params {
  views: u32,
  normal_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> normals: array<f32>;
@group(0) @binding(2) var<storage, read> light: array<f32>;
@group(0) @binding(3) var<storage, read_write> diffuse: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.hw) {
    return;
  }
  let b = idx / P.hw;
  let i = idx % P.hw;
  let nb = select(b, 0u, P.normal_batch == 1u) * 3u * P.hw + i;
  let l = normalize(vec3f(light[b * 4u + 2u], light[b * 4u + 3u], 1.0));
  let n = vec3f(normals[nb], normals[nb + P.hw], normals[nb + 2u * P.hw]);
  diffuse[idx] = max(0.0, dot(n, l));
}
