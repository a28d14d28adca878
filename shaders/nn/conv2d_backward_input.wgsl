// conv2d dX as a transposed convolution (a gather, no atomics): M = CI, N = N*H*W input pixels,
// K = CO * (valid taps). A tap (co, ky, kx) reaches input pixel (iy, ix) when iy + pad - ky is a non-negative
// multiple of the stride below OH*stride (same for x). Each thread computes 4 input channels x 4 pixels of one
// row whose columns are `stride` apart (ix = q + stride*m): they share the residue q, so they need the same
// taps, and only the valid ones are visited (1/stride^2 of the kernel), and their dy reads are consecutive.
// conv_transpose2d's forward pass is this kernel with its input as dy.
// Conv geometry, shared by the three conv kernels: x [N,CI,H,W], w [CO,CI,KH,KW], y [N,CO,OH,OW].
struct Params {
  N: u32,
  CI: u32,
  H: u32,
  W: u32,
  CO: u32,
  OH: u32,
  OW: u32,
  KH: u32,
  KW: u32,
  stride: u32,
  pad: u32,
  // backward_weight only: reduction elements (n, oy, ox) per chunk.
  chunk_len: u32,
}

@group(0) @binding(0) var<uniform> params: Params;

@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // per CI output channel (conv_transpose2d); HAS_BIAS
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;

override HAS_BIAS: u32 = 0u;
// 1: add to what dx holds (the input's gradient so far, when it feeds two ops; each value has one writer).
override ACCUMULATE: u32 = 0u;
override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

// Columns per residue class, and groups of 4 of them per row.
fn columns_per_phase() -> u32 {
  return ceil_div(params.W, params.stride);
}

fn groups_per_row() -> u32 {
  return ceil_div(columns_per_phase(), 4u);
}

fn load_dy(row_base: u32, ox: i32) -> f32 {
  let inside = ox >= 0 && ox < i32(params.OW);
  let index = row_base + u32(max(ox, 0));
  return select(0.0, dy[min(index, arrayLength(&dy) - 1u)], inside);
}

fn store(ci: u32, n: u32, iy: u32, ix0: u32, values: vec4f) {
  if (ci >= params.CI) {
    return;
  }
  var b = 0.0;
  if (HAS_BIAS == 1u) {
    b = bias[ci];
  }
  let row = ((n * params.CI + ci) * params.H + iy) * params.W;
  for (var j = 0u; j < 4u; j++) {
    let ix = ix0 + j * params.stride;
    if (ix < params.W) {
      if (ACCUMULATE == 1u) {
        dx[row + ix] += values[j] + b;
      } else {
        dx[row + ix] = values[j] + b;
      }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = params.stride;
  let gpr = groups_per_row();
  let groups = params.N * params.H * s * gpr;
  let ci0 = gid.y * 4u;
  if (gid.x >= groups || ci0 >= params.CI) {
    return;
  }
  let gx = gid.x % gpr;
  let q = (gid.x / gpr) % s;
  let iy = (gid.x / (gpr * s)) % params.H;
  let n = gid.x / (gpr * s * params.H);
  let ix0 = q + s * 4u * gx;
  if (ix0 >= params.W) {
    return; // this residue class has fewer columns
  }

  // Valid ky: ky = ty (mod s), 0 <= ky < KH, 0 <= (ty - ky) / s < OH.
  let si = i32(s);
  let ty = i32(iy + params.pad);
  let ky_lo = max(0, ty - si * i32(params.OH - 1u));
  let ky_start = ky_lo + (ty - ky_lo) % si;
  let ky_end = min(i32(params.KH) - 1, ty);
  // Valid kx share the residue of tx = q + pad; ox_j = (tx - kx) / s + 4 * gx + j.
  let tx = i32(q + params.pad);
  let kx_start = tx % si;
  let m0 = i32(4u * gx);

  let khw = params.KH * params.KW;
  let last_ci = params.CI - 1u;
  let c0 = ci0 * khw;
  let c1 = min(ci0 + 1u, last_ci) * khw;
  let c2 = min(ci0 + 2u, last_ci) * khw;
  let c3 = min(ci0 + 3u, last_ci) * khw;
  let co_stride = params.CI * khw;
  let dy_n = n * params.CO * params.OH * params.OW;

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var co = 0u; co < params.CO; co++) {
    let wco = co * co_stride;
    for (var ky = ky_start; ky <= ky_end; ky += si) {
      let oy = (ty - ky) / si;
      let row_base = dy_n + (co * params.OH + u32(oy)) * params.OW;
      for (var kx = kx_start; kx < i32(params.KW); kx += si) {
        let ox0 = (tx - kx) / si + m0;
        // tx - kx is a multiple of s (possibly negative): ox_j < 0 are masked in load_dy.
        let g = vec4f(load_dy(row_base, ox0), load_dy(row_base, ox0 + 1), load_dy(row_base, ox0 + 2), load_dy(row_base, ox0 + 3));
        let t = u32(ky) * params.KW + u32(kx);
        acc0 += w[wco + c0 + t] * g;
        acc1 += w[wco + c1 + t] * g;
        acc2 += w[wco + c2 + t] * g;
        acc3 += w[wco + c3 + t] * g;
      }
    }
  }
  store(ci0, n, iy, ix0, acc0);
  store(ci0 + 1u, n, iy, ix0, acc1);
  store(ci0 + 2u, n, iy, ix0, acc2);
  store(ci0 + 3u, n, iy, ix0, acc3);
}
