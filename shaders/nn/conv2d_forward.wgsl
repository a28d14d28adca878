// conv2d forward as an implicit GEMM: M = CO, N = N*OH*OW output pixels, K = CI*KH*KW (im2col folded into the
// loads). Each thread computes 4 output channels x 4 consecutive pixels (register tiling); padding reads are
// masked with select (no branches in the inner loop); bias is fused into the store. Split-K for convs with few
// output pixels (e.g. 4x4 -> 1x1): workgroup z sums input channels [z*chunk_len, (z+1)*chunk_len) into slice z of
// y (size N*CO*OH*OW each), and common_sum.wgsl adds the slices; chunk_len = CI without a split.
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
override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

struct Pixel {
  x_base: u32, // offset of x[n, 0, 0, 0]
  iy0: i32, // top-left input row of the receptive field
  ix0: i32,
}

fn pixel(p: u32) -> Pixel {
  let ohw = params.OH * params.OW;
  let n = p / ohw;
  let r = p % ohw;
  let oy = r / params.OW;
  let ox = r % params.OW;
  return Pixel(n * params.CI * params.H * params.W, i32(oy * params.stride) - i32(params.pad), i32(ox * params.stride) - i32(params.pad));
}

fn load_x(px: Pixel, ci: u32, ky: u32, kx: u32) -> f32 {
  let iy = px.iy0 + i32(ky);
  let ix = px.ix0 + i32(kx);
  let inside = iy >= 0 && iy < i32(params.H) && ix >= 0 && ix < i32(params.W);
  let index = px.x_base + (ci * params.H + u32(max(iy, 0))) * params.W + u32(max(ix, 0));
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

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let p0 = gid.x * 4u;
  let co0 = gid.y * 4u;
  let pixels = params.N * params.OH * params.OW;
  if (p0 >= pixels || co0 >= params.CO) {
    return;
  }
  let last_p = pixels - 1u;
  let px0 = pixel(p0);
  let px1 = pixel(min(p0 + 1u, last_p));
  let px2 = pixel(min(p0 + 2u, last_p));
  let px3 = pixel(min(p0 + 3u, last_p));
  let kk = params.CI * params.KH * params.KW;
  let last_co = params.CO - 1u;
  let w0 = co0 * kk;
  let w1 = min(co0 + 1u, last_co) * kk;
  let w2 = min(co0 + 2u, last_co) * kk;
  let w3 = min(co0 + 3u, last_co) * kk;

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  let ci_start = gid.z * params.chunk_len;
  let ci_stop = min(ci_start + params.chunk_len, params.CI);
  var k = ci_start * params.KH * params.KW;
  for (var ci = ci_start; ci < ci_stop; ci++) {
    for (var ky = 0u; ky < params.KH; ky++) {
      for (var kx = 0u; kx < params.KW; kx++) {
        let xv = vec4f(load_x(px0, ci, ky, kx), load_x(px1, ci, ky, kx), load_x(px2, ci, ky, kx), load_x(px3, ci, ky, kx));
        acc0 += w[w0 + k] * xv;
        acc1 += w[w1 + k] * xv;
        acc2 += w[w2 + k] * xv;
        acc3 += w[w3 + k] * xv;
        k++;
      }
    }
  }
  store(gid.z, co0, p0, acc0);
  store(gid.z, co0 + 1u, p0, acc1);
  store(gid.z, co0 + 2u, p0, acc2);
  store(gid.z, co0 + 3u, p0, acc3);
}
