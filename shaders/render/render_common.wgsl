// Renderer helpers, prepended (after the engine's common.wgsl) to every shader in shaders/render by
// src/render/gpu/shaders.ts. Conventions (docs/method-reference.md section 3, src/render/reference):
// pixel (row, col) at integer coordinates, x right, y down, z forward; K = [[f,0,cx],[0,f,cy],[0,0,1]];
// view = (rx, ry, rz, tx, ty, tz), R = Rz Ry Rx, canonical -> view P' = R (P - C) + C + t, C = (0, 0, 1).

const RASTER_NEAR: f32 = 0.1;
const RASTER_FAR: f32 = 100.0;
const DEPTH_CLAMP_MIN: f32 = 0.8;
const DEPTH_CLAMP_MAX: f32 = 1.2;
const ROT_CENTER: vec3f = vec3f(0.0, 0.0, 1.0);
const NO_FACE: u32 = 0xffffffffu;

// A matrix given by its rows (WGSL constructors take columns).
fn mat_rows(r0: vec3f, r1: vec3f, r2: vec3f) -> mat3x3f {
  return transpose(mat3x3f(r0, r1, r2));
}

// sin and cos to float32 precision. WGSL only promises an absolute error of 2^-11 for sin/cos, and software
// adapters use that latitude; at the renderer's focal lengths (f ~ 360 px at 64 px) such an error moves the
// warps by tenths of a pixel and the view gradients by percents. Quadrant reduction, then Taylor polynomials on
// [-pi/4, pi/4] (truncation < 3e-8).
fn precise_sin_cos(a: f32) -> vec2f {
  let k = round(a * 0.63661977236758134);
  // pi/2 split into a float32 head and a tail, so that the reduction is exact for moderate k.
  let x = (a - k * 1.5707963705062866) + k * 4.3711388286737929e-8;
  let x2 = x * x;
  let s = x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0)))));
  let c = 1.0 + x2 * (-0.5 + x2 * (1.0 / 24.0 + x2 * (-1.0 / 720.0 + x2 * (1.0 / 40320.0))));
  let q = i32(k) & 3;
  if (q == 0) {
    return vec2f(s, c);
  }
  if (q == 1) {
    return vec2f(c, -s);
  }
  if (q == 2) {
    return vec2f(-s, -c);
  }
  return vec2f(-c, s);
}

fn rot_x(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(1.0, 0.0, 0.0), vec3f(0.0, c, -s), vec3f(0.0, s, c));
}
fn rot_y(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(c, 0.0, s), vec3f(0.0, 1.0, 0.0), vec3f(-s, 0.0, c));
}
fn rot_z(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(c, -s, 0.0), vec3f(s, c, 0.0), vec3f(0.0, 0.0, 1.0));
}
fn drot_x(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(0.0, 0.0, 0.0), vec3f(0.0, -s, -c), vec3f(0.0, c, -s));
}
fn drot_y(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(-s, 0.0, c), vec3f(0.0, 0.0, 0.0), vec3f(-c, 0.0, -s));
}
fn drot_z(a: f32) -> mat3x3f {
  let sc = precise_sin_cos(a);
  let c = sc.y;
  let s = sc.x;
  return mat_rows(vec3f(-s, -c, 0.0), vec3f(c, -s, 0.0), vec3f(0.0, 0.0, 0.0));
}

// A view's rotation R = Rz Ry Rx from its angles (rx, ry, rz), and dR/d(rx), dR/d(ry), dR/d(rz). Each kernel that
// moves points between frames computes them per thread: a few polynomial sin/cos cost less than a dispatch of
// their own on any GPU (issue 15), and the products are the same in every thread, so every thread of a view
// gets the same matrix.
fn view_rotation(a: vec3f) -> mat3x3f {
  return rot_z(a.z) * rot_y(a.y) * rot_x(a.x);
}
struct RotationGrads {
  dx: mat3x3f,
  dy: mat3x3f,
  dz: mat3x3f,
}
fn view_rotation_grads(a: vec3f) -> RotationGrads {
  let rx = rot_x(a.x);
  let ry = rot_y(a.y);
  let rz = rot_z(a.z);
  return RotationGrads(rz * ry * drot_x(a.x), rz * drot_y(a.y) * rx, drot_z(a.z) * ry * rx);
}

// Bilinear interpolation of the four taps (v00 top-left, v01 top-right, v10, v11) at fractions (fx, fy): grid_sample's
// value. Shared so that the backward kernels' clamp decisions see exactly the forward's value.
fn bilinear(v00: f32, v01: f32, v10: f32, v11: f32, fx: f32, fy: f32) -> f32 {
  return (1.0 - fy) * ((1.0 - fx) * v00 + fx * v01) + fy * ((1.0 - fx) * v10 + fx * v11);
}

// K^-1 [col, row, 1]: the point at depth d on this pixel's ray is d * pixel_ray(...).
fn pixel_ray(f: f32, cx: f32, cy: f32, row: u32, col: u32) -> vec3f {
  return vec3f((f32(col) - cx) / f, (f32(row) - cy) / f, 1.0);
}

// The view transform about the rotation centre and its inverse: P' = R (P - C) + C + t, P = R^T (P' - t - C) + C.
fn canon_to_view(rot: mat3x3f, t: vec3f, p: vec3f) -> vec3f {
  return rot * (p - ROT_CENTER) + ROT_CENTER + t;
}
fn view_to_canon(rot: mat3x3f, t: vec3f, q: vec3f) -> vec3f {
  return transpose(rot) * (q - t - ROT_CENTER) + ROT_CENTER;
}

// Perspective projection to pixel coordinates (u = column, v = row).
fn project_pixel(f: f32, cx: f32, cy: f32, q: vec3f) -> vec2f {
  return f * q.xy / q.z + vec2f(cx, cy);
}

// Pixel coordinates to grid_sample's normalised coordinates (align_corners = true).
fn pixel_to_grid(uv: vec2f, height: u32, width: u32) -> vec2f {
  return uv / vec2f(f32(width - 1u), f32(height - 1u)) * 2.0 - 1.0;
}

// d(u, v)/d(x, y, z) of u = f x / z + cx, v = f y / z + cy, applied to (gu, gv).
fn project_backward(f: f32, p: vec3f, gu: f32, gv: f32) -> vec3f {
  let fz = f / p.z;
  return vec3f(gu * fz, gv * fz, -(gu * p.x + gv * p.y) * fz / p.z);
}

// Vertices of triangle `tri` of the depth-map mesh: cell (r, c) has k = 0: (r,c), (r+1,c), (r,c+1) and
// k = 1: (r,c+1), (r+1,c), (r+1,c+1); index (r * (W-1) + c) * 2 + k.
fn triangle_vertices(tri: u32, width: u32) -> vec3u {
  let cell = tri >> 1u;
  let r = cell / (width - 1u);
  let c = cell % (width - 1u);
  let i = r * width + c;
  if ((tri & 1u) == 1u) {
    return vec3u(i + 1u, i + width, i + width + 1u);
  }
  return vec3u(i, i + width, i + 1u);
}

// Supersample s of the 2x grid sits at pixel coordinate s / 2 - 0.25.
fn sample_position(s: u32) -> f32 {
  return f32(s) * 0.5 - 0.25;
}

struct TriangleSample {
  // Screen-space barycentric weights, perspective-correct depth, edge numerators and doubled area.
  w: vec3f,
  z: f32,
  n: vec3f,
  area: f32,
  hit: bool,
}

// Samples the projected triangle (a, b, c), each (u, v, z), at p; hit is false when p is outside, the triangle
// is degenerate or behind the near plane, or the depth is outside (near, far).
fn sample_triangle(a: vec3f, b: vec3f, c: vec3f, p: vec2f) -> TriangleSample {
  var s: TriangleSample;
  s.hit = false;
  if (a.z <= RASTER_NEAR || b.z <= RASTER_NEAR || c.z <= RASTER_NEAR) {
    return s;
  }
  let pa = a.xy - p;
  let pb = b.xy - p;
  let pc = c.xy - p;
  s.n = vec3f(pb.x * pc.y - pb.y * pc.x, pc.x * pa.y - pc.y * pa.x, pa.x * pb.y - pa.y * pb.x);
  s.area = s.n.x + s.n.y + s.n.z;
  if (s.area == 0.0) {
    return s;
  }
  s.w = s.n / s.area;
  if (s.w.x < 0.0 || s.w.y < 0.0 || s.w.z < 0.0) {
    return s;
  }
  s.z = 1.0 / (s.w.x / a.z + s.w.y / b.z + s.w.z / c.z);
  s.hit = s.z > RASTER_NEAR && s.z < RASTER_FAR;
  return s;
}

// Supersample bounding box of a projected triangle, clipped to the 2H x 2W grid: (c0, c1, r0, r1) as i32,
// empty when c0 > c1 or r0 > r1.
fn sample_box(a: vec3f, b: vec3f, c: vec3f, height: u32, width: u32) -> vec4i {
  let lo = min(min(a.xy, b.xy), c.xy);
  let hi = max(max(a.xy, b.xy), c.xy);
  let limit = vec2f(f32(2u * width), f32(2u * height));
  // Clamp before converting so that far-off vertices cannot overflow the integer conversion.
  let first = vec2i(clamp(ceil(2.0 * (lo + 0.25)), vec2f(0.0), limit));
  let last = vec2i(clamp(floor(2.0 * (hi + 0.25)), vec2f(-1.0), limit - 1.0));
  return vec4i(first.x, last.x, first.y, last.y);
}

// d z / d (u_k, v_k, z_k) of a covered sample with the triangle fixed (no visibility gradient): columns k.
fn sample_depth_gradient(a: vec3f, b: vec3f, c: vec3f, p: vec2f, s: TriangleSample) -> mat3x3f {
  let x = vec3f(a.x, b.x, c.x) - p.x;
  let y = vec3f(a.y, b.y, c.y) - p.y;
  let zs = vec3f(a.z, b.z, c.z);
  let g = (s.z - s.z * s.z / zs) / s.area;
  let dz = s.w * s.z * s.z / (zs * zs);
  // Vertex k: -g[k+1] (y[k+2]) + g[k+2] y[k+1] and g[k+1] x[k+2] - g[k+2] x[k+1].
  return mat3x3f(
    vec3f(-g.y * y.z + g.z * y.y, g.y * x.z - g.z * x.y, dz.x),
    vec3f(-g.z * y.x + g.x * y.z, g.z * x.x - g.x * x.z, dz.y),
    vec3f(-g.x * y.y + g.y * y.x, g.x * x.y - g.y * x.x, dz.z),
  );
}
