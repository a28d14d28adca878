// Z-buffer pass 1: every triangle visits the supersamples of its bounding box and atomicMin's its perspective-
// correct depth as u32 bits (positive floats order like their bit patterns). One thread per (view, triangle):
// the work is the mesh's total covered area, O(S^2) per view.
struct Params {
  views: u32,
  height: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> screen: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> zbits: array<atomic<u32>>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let tris = 2u * (P.height - 1u) * (P.width - 1u);
  if (idx >= P.views * tris) {
    return;
  }
  let b = idx / tris;
  let tri = idx % tris;
  let hw = P.height * P.width;
  let v = triangle_vertices(tri, P.width) + b * hw;
  let a = screen[v.x].xyz;
  let bb = screen[v.y].xyz;
  let c = screen[v.z].xyz;
  let box = sample_box(a, bb, c, P.height, P.width);
  let sw = 2u * P.width;
  let base = b * 4u * hw;
  for (var sr = box.z; sr <= box.w; sr++) {
    for (var sc = box.x; sc <= box.y; sc++) {
      let s = sample_triangle(a, bb, c, vec2f(sample_position(u32(sc)), sample_position(u32(sr))));
      if (s.hit) {
        atomicMin(&zbits[base + u32(sr) * sw + u32(sc)], bitcast<u32>(s.z));
      }
    }
  }
}
