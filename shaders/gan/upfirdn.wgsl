// StyleGAN2 upfirdn2d (rosinality's upfirdn2d_native) on NCHW planes, and its input gradient; the float64 twin is
// src/gan/engine/ops/upfirdn.reference.ts. Output (oy, ox) reads the zero-inserted, padded grid at
// Y = oy * DOWN + ky - pad0, which holds x[Y / UP] when Y >= 0 and Y % UP == 0; the kernel is applied flipped
// (correlation with the flip). `backward` is the adjoint gather: one thread per input value sums every output it
// feeds, so no atomics are needed. UP and DOWN are override constants: the taps that hit a sample are found once
// per row/column (first valid tap, then a stride of UP, resp. DOWN) instead of testing every tap with an integer
// modulo, and for UP = DOWN = 1 (most uses) the index arithmetic folds away.
struct Params {
  total: u32,   // threads: planes * outH * outW (forward) or planes * inH * inW (backward)
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  k_h: u32,
  k_w: u32,
  pad0: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> kernel_taps: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

override WG: u32 = 256u;
override UP: i32 = 1;
override DOWN: i32 = 1;

// Non-negative remainder (WGSL's % keeps the dividend's sign).
fn positive_mod(a: i32, m: i32) -> i32 {
  return ((a % m) + m) % m;
}

// Flipped tap (ky, kx) = kernel[kH-1-ky][kW-1-kx].
fn flipped_tap(ky: i32, kx: i32) -> f32 {
  return kernel_taps[(i32(params.k_h) - 1 - ky) * i32(params.k_w) + (i32(params.k_w) - 1 - kx)];
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.total) {
    return;
  }
  let ox = i32(idx % params.out_w);
  let oy = i32((idx / params.out_w) % params.out_h);
  let plane = idx / (params.out_w * params.out_h);
  let base = plane * params.in_h * params.in_w;
  let in_h = i32(params.in_h);
  let in_w = i32(params.in_w);
  let k_h = i32(params.k_h);
  let k_w = i32(params.k_w);
  // Grid positions of tap 0; taps land on samples where (position + tap) % UP == 0.
  let py = oy * DOWN - params.pad0;
  let px = ox * DOWN - params.pad0;
  let ky0 = positive_mod(-py, UP);
  let kx0 = positive_mod(-px, UP);
  var s = 0.0;
  for (var ky = ky0; ky < k_h; ky += UP) {
    let iy = (py + ky) / UP;
    if (iy < 0 || iy >= in_h) {
      continue;
    }
    let row = base + u32(iy) * params.in_w;
    for (var kx = kx0; kx < k_w; kx += UP) {
      let ix = (px + kx) / UP;
      if (ix < 0 || ix >= in_w) {
        continue;
      }
      s += src[row + u32(ix)] * flipped_tap(ky, kx);
    }
  }
  dst[idx] = s;
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.total) {
    return;
  }
  let ix = i32(idx % params.in_w);
  let iy = i32((idx / params.in_w) % params.in_h);
  let plane = idx / (params.in_w * params.in_h);
  let base = plane * params.out_h * params.out_w;
  let out_h = i32(params.out_h);
  let out_w = i32(params.out_w);
  let k_h = i32(params.k_h);
  let k_w = i32(params.k_w);
  // Input sample iy sits at grid position iy * UP + pad0; tap ky reaches output (that - ky) / DOWN when divisible.
  let ty = iy * UP + params.pad0;
  let tx = ix * UP + params.pad0;
  let ky0 = positive_mod(ty, DOWN);
  let kx0 = positive_mod(tx, DOWN);
  var s = 0.0;
  for (var ky = ky0; ky < k_h; ky += DOWN) {
    let oy = (ty - ky) / DOWN;
    if (ty - ky < 0 || oy >= out_h) {
      continue;
    }
    let row = base + u32(oy) * params.out_w;
    for (var kx = kx0; kx < k_w; kx += DOWN) {
      let ox = (tx - kx) / DOWN;
      if (tx - kx < 0 || ox >= out_w) {
        continue;
      }
      s += src[row + u32(ox)] * flipped_tap(ky, kx);
    }
  }
  dst[idx] = s;
}

// Specialised for UP = DOWN = 1 and a 4x4 kernel (the blurs before every stride-2 conv and after the transposed
// conv), selected by the host: one thread computes a run of 4 adjacent values of a row from 7 values per kernel
// row held in registers, so each value and tap is loaded once per 4 results instead of once per tap and result
// (about 3x faster on SwiftShader). params.total counts runs: planes * rows * ceil(width / 4).

// src[row + col], or 0 outside [0, width).
fn row_value(row: u32, col: i32, width: u32) -> f32 {
  if (col < 0 || col >= i32(width)) {
    return 0.0;
  }
  return src[row + u32(col)];
}

fn store_run(start: u32, first: u32, width: u32, s: vec4f) {
  dst[start] = s.x;
  if (first + 1u < width) {
    dst[start + 1u] = s.y;
  }
  if (first + 2u < width) {
    dst[start + 2u] = s.z;
  }
  if (first + 3u < width) {
    dst[start + 3u] = s.w;
  }
}

@compute @workgroup_size(WG)
fn forward_row4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.total) {
    return;
  }
  let runs = (params.out_w + 3u) / 4u;
  let ox0 = (idx % runs) * 4u;
  let oy = i32((idx / runs) % params.out_h);
  let plane = idx / (runs * params.out_h);
  let base = plane * params.in_h * params.in_w;
  // Output ox0 + j reads columns c0 + j + kx for taps kx = 0..3: v_m = x[c0 + m], m = j + kx.
  let c0 = i32(ox0) - params.pad0;
  var s = vec4f(0.0);
  for (var ky = 0; ky < 4; ky++) {
    let iy = oy + ky - params.pad0;
    if (iy < 0 || iy >= i32(params.in_h)) {
      continue;
    }
    let row = base + u32(iy) * params.in_w;
    let v0 = row_value(row, c0, params.in_w);
    let v1 = row_value(row, c0 + 1, params.in_w);
    let v2 = row_value(row, c0 + 2, params.in_w);
    let v3 = row_value(row, c0 + 3, params.in_w);
    let v4 = row_value(row, c0 + 4, params.in_w);
    let v5 = row_value(row, c0 + 5, params.in_w);
    let v6 = row_value(row, c0 + 6, params.in_w);
    let t = vec4f(flipped_tap(ky, 0), flipped_tap(ky, 1), flipped_tap(ky, 2), flipped_tap(ky, 3));
    s += vec4f(
      dot(vec4f(v0, v1, v2, v3), t),
      dot(vec4f(v1, v2, v3, v4), t),
      dot(vec4f(v2, v3, v4, v5), t),
      dot(vec4f(v3, v4, v5, v6), t),
    );
  }
  store_run((plane * params.out_h + u32(oy)) * params.out_w + ox0, ox0, params.out_w, s);
}

@compute @workgroup_size(WG)
fn backward_row4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.total) {
    return;
  }
  let runs = (params.in_w + 3u) / 4u;
  let ix0 = (idx % runs) * 4u;
  let iy = i32((idx / runs) % params.in_h);
  let plane = idx / (runs * params.in_h);
  let base = plane * params.out_h * params.out_w;
  // Input ix0 + j feeds output column ix0 + j + pad0 - kx through tap kx: w_m = gy[c0 + m], m = j - kx + 3.
  let c0 = i32(ix0) + params.pad0 - 3;
  var s = vec4f(0.0);
  for (var ky = 0; ky < 4; ky++) {
    let oy = iy + params.pad0 - ky;
    if (oy < 0 || oy >= i32(params.out_h)) {
      continue;
    }
    let row = base + u32(oy) * params.out_w;
    let w0 = row_value(row, c0, params.out_w);
    let w1 = row_value(row, c0 + 1, params.out_w);
    let w2 = row_value(row, c0 + 2, params.out_w);
    let w3 = row_value(row, c0 + 3, params.out_w);
    let w4 = row_value(row, c0 + 4, params.out_w);
    let w5 = row_value(row, c0 + 5, params.out_w);
    let w6 = row_value(row, c0 + 6, params.out_w);
    let t = vec4f(flipped_tap(ky, 0), flipped_tap(ky, 1), flipped_tap(ky, 2), flipped_tap(ky, 3));
    s += vec4f(
      dot(vec4f(w3, w2, w1, w0), t),
      dot(vec4f(w4, w3, w2, w1), t),
      dot(vec4f(w5, w4, w3, w2), t),
      dot(vec4f(w6, w5, w4, w3), t),
    );
  }
  store_run((plane * params.in_h + u32(iy)) * params.in_w + ix0, ix0, params.in_w, s);
}
