// Rasterizer backward, per triangle: sums dL/d(u, v, z) of its three vertices over the supersamples it won
// (a gather over its bounding box, so no float atomics and a fixed summation order). A pixel's gradient reaches
// its four supersamples with weight 1/4 when its mean depth lies inside the clamp range.
// tri_grad[b, tri] = 9 numbers: (u, v, z) of vertex 0, 1, 2. One thread per (view, triangle).
struct Params {
  views: u32,
  height: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> screen: array<vec4f>;
@group(0) @binding(2) var<storage, read> zbits: array<u32>;
@group(0) @binding(3) var<storage, read> faces: array<u32>;
@group(0) @binding(4) var<storage, read> grad_out: array<f32>;
@group(0) @binding(5) var<storage, read_write> tri_grad: array<f32>;

override WG: u32 = 64;

fn pixel_mean(base: u32, r: u32, c: u32) -> f32 {
  let sw = 2u * P.width;
  let k = base + 2u * r * sw + 2u * c;
  let s = bitcast<f32>(zbits[k]) + bitcast<f32>(zbits[k + 1u]) + bitcast<f32>(zbits[k + sw]) + bitcast<f32>(zbits[k + sw + 1u]);
  return s * 0.25;
}

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
  var acc = mat3x3f();
  for (var sr = box.z; sr <= box.w; sr++) {
    for (var sc = box.x; sc <= box.y; sc++) {
      if (faces[base + u32(sr) * sw + u32(sc)] != tri) {
        continue;
      }
      let r = u32(sr) / 2u;
      let col = u32(sc) / 2u;
      let mean = pixel_mean(base, r, col);
      let g = grad_out[b * hw + r * P.width + col] * 0.25;
      if (mean < DEPTH_CLAMP_MIN || mean > DEPTH_CLAMP_MAX || g == 0.0) {
        continue;
      }
      let p = vec2f(sample_position(u32(sc)), sample_position(u32(sr)));
      let s = sample_triangle(a, bb, c, p);
      if (s.hit) {
        acc += g * sample_depth_gradient(a, bb, c, p, s);
      }
    }
  }
  for (var k = 0u; k < 3u; k++) {
    tri_grad[idx * 9u + k * 3u] = acc[k].x;
    tri_grad[idx * 9u + k * 3u + 1u] = acc[k].y;
    tri_grad[idx * 9u + k * 3u + 2u] = acc[k].z;
  }
}
