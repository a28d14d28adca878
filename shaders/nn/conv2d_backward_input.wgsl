// conv2d dX as a transposed convolution (a gather, no atomics): M = CI, N = N*H*W input pixels,
// K = CO*KH*KW taps; a tap (co, ky, kx) reaches input pixel (iy, ix) when iy + pad - ky is a non-negative
// multiple of the stride below OH*stride (same for x). Each thread computes 4 input channels x 4 pixels.
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
override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

struct Pixel {
  dy_base: u32, // offset of dy[n, 0, 0, 0]
  ty: i32, // iy + pad
  tx: i32,
}

fn pixel(p: u32) -> Pixel {
  let hw = params.H * params.W;
  let n = p / hw;
  let r = p % hw;
  return Pixel(n * params.CO * params.OH * params.OW, i32(r / params.W + params.pad), i32(r % params.W + params.pad));
}

fn load_dy(px: Pixel, co: u32, ky: u32, kx: u32) -> f32 {
  let sy = px.ty - i32(ky);
  let sx = px.tx - i32(kx);
  let s = i32(params.stride);
  let oy = sy / s;
  let ox = sx / s;
  let inside = sy >= 0 && sx >= 0 && sy % s == 0 && sx % s == 0 && oy < i32(params.OH) && ox < i32(params.OW);
  let index = px.dy_base + (co * params.OH + u32(max(oy, 0))) * params.OW + u32(max(ox, 0));
  return select(0.0, dy[min(index, arrayLength(&dy) - 1u)], inside);
}

fn store(ci: u32, p0: u32, values: vec4f) {
  let pixels = params.N * params.H * params.W;
  if (ci >= params.CI) {
    return;
  }
  let hw = params.H * params.W;
  var b = 0.0;
  if (HAS_BIAS == 1u) {
    b = bias[ci];
  }
  for (var j = 0u; j < 4u; j++) {
    let p = p0 + j;
    if (p < pixels) {
      dx[((p / hw) * params.CI + ci) * hw + p % hw] = values[j] + b;
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let p0 = gid.x * 4u;
  let ci0 = gid.y * 4u;
  let pixels = params.N * params.H * params.W;
  if (p0 >= pixels || ci0 >= params.CI) {
    return;
  }
  let last_p = pixels - 1u;
  let px0 = pixel(p0);
  let px1 = pixel(min(p0 + 1u, last_p));
  let px2 = pixel(min(p0 + 2u, last_p));
  let px3 = pixel(min(p0 + 3u, last_p));
  let khw = params.KH * params.KW;
  let last_ci = params.CI - 1u;
  let c0 = ci0 * khw;
  let c1 = min(ci0 + 1u, last_ci) * khw;
  let c2 = min(ci0 + 2u, last_ci) * khw;
  let c3 = min(ci0 + 3u, last_ci) * khw;
  let co_stride = params.CI * khw;

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var co = 0u; co < params.CO; co++) {
    let wco = co * co_stride;
    var t = 0u;
    for (var ky = 0u; ky < params.KH; ky++) {
      for (var kx = 0u; kx < params.KW; kx++) {
        let g = vec4f(load_dy(px0, co, ky, kx), load_dy(px1, co, ky, kx), load_dy(px2, co, ky, kx), load_dy(px3, co, ky, kx));
        acc0 += w[wco + c0 + t] * g;
        acc1 += w[wco + c1 + t] * g;
        acc2 += w[wco + c2 + t] * g;
        acc3 += w[wco + c3 + t] * g;
        t++;
      }
    }
  }
  store(ci0, p0, acc0);
  store(ci0 + 1u, p0, acc1);
  store(ci0 + 2u, p0, acc2);
  store(ci0 + 3u, p0, acc3);
}
