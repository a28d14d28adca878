// conv2d forward, workgroup-tiled implicit GEMM for real GPUs: a workgroup of 8x8 threads computes a 32 output
// channels x 32 pixels tile, staging 16-deep slices of the weights and of the im2col'd input in workgroup memory
// (each value loaded once per workgroup instead of once per thread); each thread then computes 4 channels x 4
// pixels from vec4 reads of the tiles. Split-K as in conv2d_forward.wgsl (slice wid.z covers input channels
// [z*chunk_len, (z+1)*chunk_len)). On SwiftShader barriers are emulated and this is slower than the register
// kernel, so the backend uses it only when asked (WebGpuBackendOptions.convKernel = 'tiled').
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

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

override HAS_BIAS: u32 = 0u;

const TILE: u32 = 32u; // output channels and pixels per workgroup
const DEPTH: u32 = 16u; // reduction slice staged per barrier pair

// [k][m] and [k][n], 4 floats per vec4: a thread reads its 4 channels / 4 pixels of row k as one vec4.
var<workgroup> w_tile: array<vec4f, 128>;
var<workgroup> x_tile: array<vec4f, 128>;

fn im2col(p: u32, k: u32, k_end: u32) -> f32 {
  let pixels = params.N * params.OH * params.OW;
  let khw = params.KH * params.KW;
  let ci = k / khw;
  let r = k % khw;
  let ohw = params.OH * params.OW;
  let n = p / ohw;
  let q = p % ohw;
  let iy = i32((q / params.OW) * params.stride + r / params.KW) - i32(params.pad);
  let ix = i32((q % params.OW) * params.stride + r % params.KW) - i32(params.pad);
  let inside = p < pixels && k < k_end && iy >= 0 && iy < i32(params.H) && ix >= 0 && ix < i32(params.W);
  let index = ((n * params.CI + ci) * params.H + u32(max(iy, 0))) * params.W + u32(max(ix, 0));
  return select(0.0, x[min(index, arrayLength(&x) - 1u)], inside);
}

fn store(split: u32, co: u32, p0: u32, values: vec4f) {
  let pixels = params.N * params.OH * params.OW;
  if (co >= params.CO) {
    return;
  }
  let ohw = params.OH * params.OW;
  var b = 0.0;
  if (HAS_BIAS == 1u && split == 0u) {
    b = bias[co];
  }
  let slice = split * pixels * params.CO;
  for (var j = 0u; j < 4u; j++) {
    let p = p0 + j;
    if (p < pixels) {
      y[slice + ((p / ohw) * params.CO + co) * ohw + p % ohw] = activate(values[j] + b);
    }
  }
}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let tid = lid.y * 8u + lid.x;
  let p_base = wid.x * TILE;
  let co_base = wid.y * TILE;
  let khw = params.KH * params.KW;
  let kk = params.CI * khw;
  let k_begin = wid.z * params.chunk_len * khw;
  let k_end = min(k_begin + params.chunk_len * khw, kk);
  let last_co = params.CO - 1u;

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var k0 = k_begin; k0 < k_end; k0 += DEPTH) {
    // 512 weights and 512 input values per slice, 8 of each per thread.
    for (var i = 0u; i < 8u; i++) {
      let e = tid + 64u * i;
      // Weights: consecutive threads read consecutive k of one channel row.
      let wk = e % DEPTH;
      let wm = e / DEPTH;
      let kw_index = k0 + wk;
      let co = min(co_base + wm, last_co);
      let wv = select(0.0, w[co * kk + min(kw_index, kk - 1u)], kw_index < k_end);
      w_tile[wk * 8u + wm / 4u][wm % 4u] = wv;
      // Input: consecutive threads read consecutive pixels of one k.
      let xn = e % TILE;
      let xk = e / TILE;
      x_tile[xk * 8u + xn / 4u][xn % 4u] = im2col(p_base + xn, k0 + xk, k_end);
    }
    workgroupBarrier();
    for (var k = 0u; k < DEPTH; k++) {
      let xv = x_tile[k * 8u + lid.x];
      let wv = w_tile[k * 8u + lid.y];
      acc0 += wv.x * xv;
      acc1 += wv.y * xv;
      acc2 += wv.z * xv;
      acc3 += wv.w * xv;
    }
    workgroupBarrier();
  }
  let co0 = co_base + lid.y * 4u;
  let p0 = p_base + lid.x * 4u;
  store(wid.z, co0, p0, acc0);
  store(wid.z, co0 + 1u, p0, acc1);
  store(wid.z, co0 + 2u, p0, acc2);
  store(wid.z, co0 + 3u, p0, acc3);
}
