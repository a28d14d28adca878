// Per-view rotation matrices, computed once per view instead of once per pixel: mats[4b] = R = Rz Ry Rx,
// mats[4b + 1..3] = dR/d(rx), dR/d(ry), dR/d(rz). One thread per view.
struct Params {
  views: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> view: array<f32>;
@group(0) @binding(2) var<storage, read_write> mats: array<mat3x3f>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let b = flat_index(gid, groups, WG);
  if (b >= P.views) {
    return;
  }
  let a = vec3f(view[b * 6u], view[b * 6u + 1u], view[b * 6u + 2u]);
  let rx = rot_x(a.x);
  let ry = rot_y(a.y);
  let rz = rot_z(a.z);
  mats[4u * b] = rz * ry * rx;
  mats[4u * b + 1u] = rz * ry * drot_x(a.x);
  mats[4u * b + 2u] = rz * drot_y(a.y) * rx;
  mats[4u * b + 3u] = drot_z(a.z) * ry * rx;
}
