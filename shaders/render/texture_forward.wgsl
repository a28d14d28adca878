// texture = ((albedo + 1) / 2 * (k_a + k_d diffuse)) * 2 - 1: albedo [Ba, 3, H, W] (Ba = 1 broadcasts),
// diffuse [B, 1, H, W], light [B, 4]; out [B, 3, H, W]. One thread per (view, pixel).
struct Params {
  views: u32,
  albedo_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> albedo: array<f32>;
@group(0) @binding(2) var<storage, read> diffuse: array<f32>;
@group(0) @binding(3) var<storage, read> light: array<f32>;
@group(0) @binding(4) var<storage, read_write> tex_out: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.hw) {
    return;
  }
  let b = idx / P.hw;
  let i = idx % P.hw;
  let ab = select(b, 0u, P.albedo_batch == 1u) * 3u * P.hw + i;
  let shading = light[b * 4u] + light[b * 4u + 1u] * diffuse[idx];
  for (var k = 0u; k < 3u; k++) {
    tex_out[(b * 3u + k) * P.hw + i] = (albedo[ab + k * P.hw] + 1.0) * shading - 1.0;
  }
}
