// Backward of normals_forward as a gather: pixel q collects from the (up to 4) interior pixels whose central
// differences use it, so there is no scatter. dL/dn -> through the normalisation -> t_u, t_v -> points -> depth.
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
@group(0) @binding(2) var<storage, read> grad_normals: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_depth: array<f32>;

override WG: u32 = 256;

fn point(base: u32, r: u32, c: u32) -> vec3f {
  return depth[base + r * P.width + c] * pixel_ray(P.f, P.cx, P.cy, r, c);
}

// (dL/dt_u, dL/dt_v) at pixel (r, c) of batch b, zero for border pixels (their normal is constant).
fn tangent_grads(b: u32, r: i32, c: i32) -> mat2x3f {
  if (r <= 0 || c <= 0 || r >= i32(P.height) - 1 || c >= i32(P.width) - 1) {
    return mat2x3f();
  }
  let hw = P.height * P.width;
  let base = b * hw;
  let ur = u32(r);
  let uc = u32(c);
  let tu = point(base, ur, uc + 1u) - point(base, ur, uc - 1u);
  let tv = point(base, ur + 1u, uc) - point(base, ur - 1u, uc);
  let n = cross(tu, tv);
  let len = length(n);
  let i = ur * P.width + uc;
  let g = vec3f(grad_normals[b * 3u * hw + i], grad_normals[b * 3u * hw + hw + i], grad_normals[b * 3u * hw + 2u * hw + i]);
  let s = len + 1e-7;
  var radial = 0.0;
  if (len > 0.0) {
    radial = dot(n, g) / (len * s * s);
  }
  let gn = g / s - n * radial;
  return mat2x3f(cross(tv, gn), cross(gn, tu));
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
  let r = i32(i / P.width);
  let c = i32(i % P.width);
  // This pixel is the right neighbour of (r, c-1), the left of (r, c+1), below (r-1, c), above (r+1, c).
  let gp = tangent_grads(b, r, c - 1)[0] - tangent_grads(b, r, c + 1)[0] + tangent_grads(b, r - 1, c)[1] -
    tangent_grads(b, r + 1, c)[1];
  grad_depth[idx] = dot(gp, pixel_ray(P.f, P.cx, P.cy, u32(r), u32(c)));
}
