// Backward of texture_forward per (view, pixel): dL/d diffuse = k_d sum_c g_c (a_c + 1), and light partials
// [B, HW, 4] = (dL/dk_a, dL/dk_d, 0, 0) for reducePartials (src/render/gpu/dispatch.ts).
struct Params {
  views: u32,
  albedo_batch: u32,
  hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> albedo: array<f32>;
@group(0) @binding(2) var<storage, read> diffuse: array<f32>;
@group(0) @binding(3) var<storage, read> light: array<f32>;
@group(0) @binding(4) var<storage, read> grad_texture: array<f32>;
@group(0) @binding(5) var<storage, read_write> grad_diffuse: array<f32>;
@group(0) @binding(6) var<storage, read_write> partial: array<vec4f>;

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
  var gs = 0.0;
  for (var k = 0u; k < 3u; k++) {
    gs += grad_texture[(b * 3u + k) * P.hw + i] * (albedo[ab + k * P.hw] + 1.0);
  }
  grad_diffuse[idx] = gs * light[b * 4u + 1u];
  partial[idx] = vec4f(gs, gs * diffuse[idx], 0.0, 0.0);
}
