// Rasterizer backward, per vertex: gathers the screen gradient from the (up to 6) triangles that use the vertex,
// chains it through the projection and the view transform, and writes dL/d depth (summed over the views when
// the depth is broadcast) and per-vertex view partials (3 angles, 3 translations) for reducePartials (src/render/gpu/dispatch.ts).
// One thread per (depth batch entry, vertex).
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
@group(0) @binding(3) var<storage, read> tri_grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_depth: array<f32>;
@group(0) @binding(5) var<storage, read_write> view_partial: array<f32>;

override WG: u32 = 256;

fn corner_grad(b: u32, cell_r: i32, cell_c: i32, k: u32, corner: u32) -> vec3f {
  if (cell_r < 0 || cell_c < 0 || cell_r >= i32(P.height) - 1 || cell_c >= i32(P.width) - 1) {
    return vec3f(0.0);
  }
  let tris = 2u * (P.height - 1u) * (P.width - 1u);
  let tri = (u32(cell_r) * (P.width - 1u) + u32(cell_c)) * 2u + k;
  let o = (b * tris + tri) * 9u + corner * 3u;
  return vec3f(tri_grad[o], tri_grad[o + 1u], tri_grad[o + 2u]);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let hw = P.height * P.width;
  if (idx >= P.depth_batch * hw) {
    return;
  }
  let db = idx / hw;
  let i = idx % hw;
  let r = i32(i / P.width);
  let c = i32(i % P.width);
  let ray = pixel_ray(P.f, P.cx, P.cy, u32(r), u32(c));
  let q = depth[idx] * ray - ROT_CENTER;
  var gd = 0.0;
  for (var b = 0u; b < P.views; b++) {
    if (P.depth_batch != 1u && b != db) {
      continue;
    }
    // The six (cell, triangle, corner) slots that hold this vertex; see triangle_vertices.
    let gs = corner_grad(b, r, c, 0u, 0u) + corner_grad(b, r - 1, c, 0u, 1u) + corner_grad(b, r, c - 1, 0u, 2u) +
      corner_grad(b, r, c - 1, 1u, 0u) + corner_grad(b, r - 1, c, 1u, 1u) + corner_grad(b, r - 1, c - 1, 1u, 2u);
    let t = vec3f(view[b * 6u + 3u], view[b * 6u + 4u], view[b * 6u + 5u]);
    let a = vec3f(view[b * 6u], view[b * 6u + 1u], view[b * 6u + 2u]);
    let R = view_rotation(a);
    let pv = R * q + ROT_CENTER + t;
    var gp = project_backward(P.f, pv, gs.x, gs.y);
    gp.z += gs.z;
    gd += dot(transpose(R) * gp, ray);
    // d(R q)/d(angle_k) . gp for the angles, gp itself for the translation.
    let dr = view_rotation_grads(a);
    let ga = gp * mat3x3f(dr.dx * q, dr.dy * q, dr.dz * q);
    let o = (b * hw + i) * 6u;
    view_partial[o] = ga.x;
    view_partial[o + 1u] = ga.y;
    view_partial[o + 2u] = ga.z;
    view_partial[o + 3u] = gp.x;
    view_partial[o + 4u] = gp.y;
    view_partial[o + 5u] = gp.z;
  }
  grad_depth[idx] = gd;
}
