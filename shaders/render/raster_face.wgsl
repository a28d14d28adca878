// Z-buffer pass 2: every triangle whose depth at a supersample equals the stored minimum atomicMin's its index,
// so ties go to the lowest triangle index whatever the thread order. "Equals" allows Z_MATCH_ULPS units in the
// last place: pass 1 runs the same sampling code, but in another pipeline, and a compiler may contract its
// arithmetic differently there; the winner is still a function of the inputs only.
struct Params {
  views: u32,
  height: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> screen: array<vec4f>;
@group(0) @binding(2) var<storage, read> zbits: array<u32>;
@group(0) @binding(3) var<storage, read_write> faces: array<atomic<u32>>;

override WG: u32 = 64;
const Z_MATCH_ULPS: i32 = 2;

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
      let k = base + u32(sr) * sw + u32(sc);
      if (s.hit && abs(i32(bitcast<u32>(s.z)) - i32(zbits[k])) <= Z_MATCH_ULPS) {
        atomicMin(&faces[k], tri);
      }
    }
  }
}
