// Inverse warp grid: back-project the depth rendered in view b, P -> R^T (P - t - C) + C, project with K and
// normalise (align_corners: x / (W-1) * 2 - 1). depth [B, H, W] -> grid [B, H, W, 2]. One thread per pixel.
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
@group(0) @binding(3) var<storage, read_write> grid: array<vec2f>;

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
  let p = depth[idx] * pixel_ray(P.f, P.cx, P.cy, i / P.width, i % P.width);
  let rot = view_rotation(vec3f(view[b * 6u], view[b * 6u + 1u], view[b * 6u + 2u]));
  let q = view_to_canon(rot, t, p);
  grid[idx] = pixel_to_grid(project_pixel(P.f, P.cx, P.cy, q), P.height, P.width);
}
