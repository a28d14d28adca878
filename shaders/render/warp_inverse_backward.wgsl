// Backward of warp_inverse per pixel: dL/d depth, and view partials [B, HW, 6] (angles, translation) for
// reducePartials (src/render/gpu/dispatch.ts). With D = P - t - C and Q = R^T D + C: dL/dR[i][k] = D_i g_k, dL/dt = -R g, dL/dP = R g.
struct Params {
  views: u32,
  height: u32,
  width: u32,
  f: f32,
  cx: f32,
  cy: f32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> depth: array<f32>;
@group(0) @binding(2) var<storage, read> view: array<f32>;
@group(0) @binding(3) var<storage, read> grad_grid: array<vec2f>;
@group(0) @binding(4) var<storage, read_write> grad_depth: array<f32>;
@group(0) @binding(5) var<storage, read_write> view_partial: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let hw = P.height * P.width;
  if (idx >= P.views * hw) {
    return;
  }
  let b = idx / hw;
  let i = idx % hw;
  let t = vec3f(view[b * 6u + 3u], view[b * 6u + 4u], view[b * 6u + 5u]);
  let a = vec3f(view[b * 6u], view[b * 6u + 1u], view[b * 6u + 2u]);
  let R = view_rotation(a);
  let ray = pixel_ray(P.f, P.cx, P.cy, i / P.width, i % P.width);
  let d = depth[idx] * ray - t - ROT_CENTER;
  let q = transpose(R) * d + ROT_CENTER;
  let guv = grad_grid[idx] * 2.0 / vec2f(f32(P.width - 1u), f32(P.height - 1u));
  let gq = project_backward(P.f, q, guv.x, guv.y);
  let rg = R * gq;
  grad_depth[idx] = dot(rg, ray);
  // Angle k: sum_ik D_i g_k dR_k[i][k] = D . (dR_k g).
  let dr = view_rotation_grads(a);
  let jac = mat3x3f(dr.dx * gq, dr.dy * gq, dr.dz * gq);
  let o = idx * 6u;
  view_partial[o] = dot(d, jac[0]);
  view_partial[o + 1u] = dot(d, jac[1]);
  view_partial[o + 2u] = dot(d, jac[2]);
  view_partial[o + 3u] = -rg.x;
  view_partial[o + 4u] = -rg.y;
  view_partial[o + 5u] = -rg.z;
}
