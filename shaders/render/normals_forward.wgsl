// Normals from depth: n = t_u x t_v of the back-projected central differences, n / (|n| + 1e-7); border (0,0,1).
// depth [B, H, W] -> normals [B, 3, H, W]. One thread per (batch, pixel).
struct Params {
  batch: u32,
  height: u32,
  width: u32,
  f: f32,
  cx: f32,
  cy: f32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> depth: array<f32>;
@group(0) @binding(2) var<storage, read_write> normals: array<f32>;

override WG: u32 = 256;

fn point(base: u32, r: u32, c: u32) -> vec3f {
  return depth[base + r * P.width + c] * pixel_ray(P.f, P.cx, P.cy, r, c);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let hw = P.height * P.width;
  if (idx >= P.batch * hw) {
    return;
  }
  let b = idx / hw;
  let i = idx % hw;
  let r = i / P.width;
  let c = i % P.width;
  var n = vec3f(0.0, 0.0, 1.0);
  if (r > 0u && c > 0u && r < P.height - 1u && c < P.width - 1u) {
    let base = b * hw;
    let tu = point(base, r, c + 1u) - point(base, r, c - 1u);
    let tv = point(base, r + 1u, c) - point(base, r - 1u, c);
    n = cross(tu, tv);
  }
  n = n / (length(n) + 1e-7);
  normals[b * 3u * hw + i] = n.x;
  normals[b * 3u * hw + hw + i] = n.y;
  normals[b * 3u * hw + 2u * hw + i] = n.z;
}
