// Forward warp grid (forward only): canonical points moved into view b and projected, normalised for
// grid_sample. depth [Bd, H, W] (Bd = 1 broadcasts) -> grid [B, H, W, 2].
struct Params {
  views: u32,
  depth_batch: u32,
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
  let db = select(b, 0u, P.depth_batch == 1u);
  let t = vec3f(view[b * 6u + 3u], view[b * 6u + 4u], view[b * 6u + 5u]);
  let p = depth[db * hw + i] * pixel_ray(P.f, P.cx, P.cy, i / P.width, i % P.width);
  let rot = view_rotation(vec3f(view[b * 6u], view[b * 6u + 1u], view[b * 6u + 2u]));
  let q = canon_to_view(rot, t, p);
  grid[idx] = pixel_to_grid(project_pixel(P.f, P.cx, P.cy, q), P.height, P.width);
}
