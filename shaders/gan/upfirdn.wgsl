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
