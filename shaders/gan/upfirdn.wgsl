// StyleGAN2 upfirdn2d (rosinality's upfirdn2d_native) on NCHW planes, and its input gradient; the float64 twin is
// src/gan/engine/ops/upfirdn.reference.ts. Output (oy, ox) reads the zero-inserted, padded grid at
// Y = oy * down + ky - pad0, which holds x[Y / up] when Y >= 0 and Y % up == 0; the kernel is applied flipped
// (correlation with the flip). `backward` is the adjoint gather: one thread per input value sums every output it
// feeds, so no atomics are needed. Blur kernels are tiny (4x4), so a plain per-thread loop over taps suffices.
struct Params {
  total: u32,   // threads: planes * outH * outW (forward) or planes * inH * inW (backward)
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  k_h: u32,
  k_w: u32,
  up: u32,
  down: u32,
  pad0: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> kernel_taps: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

override WG: u32 = 256u;

// Flipped tap (ky, kx) = kernel[kH-1-ky][kW-1-kx].
fn flipped_tap(ky: u32, kx: u32) -> f32 {
  return kernel_taps[(params.k_h - 1u - ky) * params.k_w + (params.k_w - 1u - kx)];
}

// Input index along one axis read by output o through tap k, or -1 for an inserted zero or a pad.
fn source_index(o: u32, k: u32, in_size: u32) -> i32 {
  let pos = i32(o * params.down + k) - params.pad0;
  if (pos < 0 || (u32(pos) % params.up) != 0u) {
    return -1;
  }
  let i = u32(pos) / params.up;
  return select(-1, i32(i), i < in_size);
}

// Output index along one axis that input i reaches through tap k, or -1 when none.
fn target_index(i: u32, k: u32, out_size: u32) -> i32 {
  let t = i32(i * params.up) + params.pad0 - i32(k);
  if (t < 0 || (u32(t) % params.down) != 0u) {
    return -1;
  }
  let o = u32(t) / params.down;
  return select(-1, i32(o), o < out_size);
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.total) {
    return;
  }
  let ox = idx % params.out_w;
  let oy = (idx / params.out_w) % params.out_h;
  let plane = idx / (params.out_w * params.out_h);
  let base = plane * params.in_h * params.in_w;
  var s = 0.0;
  for (var ky = 0u; ky < params.k_h; ky++) {
    let iy = source_index(oy, ky, params.in_h);
    if (iy < 0) {
      continue;
    }
    for (var kx = 0u; kx < params.k_w; kx++) {
      let ix = source_index(ox, kx, params.in_w);
      if (ix < 0) {
        continue;
      }
      s += src[base + u32(iy) * params.in_w + u32(ix)] * flipped_tap(ky, kx);
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
  let ix = idx % params.in_w;
  let iy = (idx / params.in_w) % params.in_h;
  let plane = idx / (params.in_w * params.in_h);
  let base = plane * params.out_h * params.out_w;
  var s = 0.0;
  for (var ky = 0u; ky < params.k_h; ky++) {
    let oy = target_index(iy, ky, params.out_h);
    if (oy < 0) {
      continue;
    }
    for (var kx = 0u; kx < params.k_w; kx++) {
      let ox = target_index(ix, kx, params.out_w);
      if (ox < 0) {
        continue;
      }
      s += src[base + u32(oy) * params.out_w + u32(ox)] * flipped_tap(ky, kx);
    }
  }
  dst[idx] = s;
}
