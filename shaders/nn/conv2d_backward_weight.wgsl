// conv2d dW as a GEMM over the batch: M = CO, N = CI*KH*KW weight taps, K = N*OH*OW output pixels, with a
// two-level reduction: workgroup z = chunk c sums pixels [c*chunk_len, (c+1)*chunk_len) into
// partial[c, co, tap]; common_sum.wgsl then sums the chunks. Each thread computes 4 channels x 4 taps.
// main_bias also computes the bias gradient (sum of dy over the pixels) as one more tap whose input is 1, into
// partial_b[c, co]; reduce_chunks then sums both partials into dw and db in one pass (no channelSum of dy).
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
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial_b: array<f32>;

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;
// main with one chunk: 1 adds dw to what `partial` (then dw itself) holds, for a gradient accumulated in place.
override ACCUMULATE: u32 = 0u;

struct Tap {
  x_off: u32, // ci * H * W
  ky: i32,
  kx: i32,
}

fn tap(t: u32) -> Tap {
  let khw = params.KH * params.KW;
  let ci = t / khw;
  let r = t % khw;
  return Tap(ci * params.H * params.W, i32(r / params.KW), i32(r % params.KW));
}

fn load_x(x_base: u32, iy0: i32, ix0: i32, tp: Tap) -> f32 {
  let iy = iy0 + tp.ky;
  let ix = ix0 + tp.kx;
  let inside = iy >= 0 && iy < i32(params.H) && ix >= 0 && ix < i32(params.W);
  let index = x_base + tp.x_off + u32(max(iy, 0)) * params.W + u32(max(ix, 0));
  return select(0.0, x[min(index, arrayLength(&x) - 1u)], inside);
}

// The bias tap of main_bias: taps (one past the last weight tap); main never stores it.
fn store_bias(chunk: u32, co: u32, t0: u32, values: vec4f) {
  let taps = params.CI * params.KH * params.KW;
  if (co < params.CO && taps >= t0 && taps < t0 + 4u) {
    partial_b[chunk * params.CO + co] = values[taps - t0];
  }
}

fn store(chunk: u32, co: u32, t0: u32, values: vec4f) {
  let taps = params.CI * params.KH * params.KW;
  if (co >= params.CO) {
    return;
  }
  for (var j = 0u; j < 4u; j++) {
    if (t0 + j < taps) {
      let at = (chunk * params.CO + co) * taps + t0 + j;
      if (ACCUMULATE == 1u) {
        partial[at] += values[j];
      } else {
        partial[at] = values[j];
      }
    }
  }
}

struct Acc {
  a0: vec4f,
  a1: vec4f,
  a2: vec4f,
  a3: vec4f,
}

// The 4 channels x 4 taps of one thread over its chunk; a tap equal to bias_tap reads 1 instead of x.
fn accumulate(t0: u32, co0: u32, chunk: u32, bias_tap: u32) -> Acc {
  let taps = params.CI * params.KH * params.KW;
  let last_t = taps - 1u;
  let tp0 = tap(min(t0, last_t));
  let tp1 = tap(min(t0 + 1u, last_t));
  let tp2 = tap(min(t0 + 2u, last_t));
  let tp3 = tap(min(t0 + 3u, last_t));
  let is_bias = vec4<bool>(t0 == bias_tap, t0 + 1u == bias_tap, t0 + 2u == bias_tap, t0 + 3u == bias_tap);
  let ohw = params.OH * params.OW;
  let last_co = params.CO - 1u;
  let d0 = co0 * ohw;
  let d1 = min(co0 + 1u, last_co) * ohw;
  let d2 = min(co0 + 2u, last_co) * ohw;
  let d3 = min(co0 + 3u, last_co) * ohw;

  var acc = Acc(vec4f(0.0), vec4f(0.0), vec4f(0.0), vec4f(0.0));
  let total = params.N * ohw;
  let start = chunk * params.chunk_len;
  let stop = min(start + params.chunk_len, total);
  for (var p = start; p < stop; p++) {
    let n = p / ohw;
    let r = p % ohw;
    let oy = r / params.OW;
    let ox = r % params.OW;
    let iy0 = i32(oy * params.stride) - i32(params.pad);
    let ix0 = i32(ox * params.stride) - i32(params.pad);
    let x_base = n * params.CI * params.H * params.W;
    let loaded = vec4f(load_x(x_base, iy0, ix0, tp0), load_x(x_base, iy0, ix0, tp1), load_x(x_base, iy0, ix0, tp2), load_x(x_base, iy0, ix0, tp3));
    let xv = select(loaded, vec4f(1.0), is_bias);
    let dy_base = n * params.CO * ohw + r;
    acc.a0 += dy[dy_base + d0] * xv;
    acc.a1 += dy[dy_base + d1] * xv;
    acc.a2 += dy[dy_base + d2] * xv;
    acc.a3 += dy[dy_base + d3] * xv;
  }
  return acc;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let t0 = gid.x * 4u;
  let co0 = gid.y * 4u;
  let chunk = gid.z;
  if (t0 >= params.CI * params.KH * params.KW || co0 >= params.CO) {
    return;
  }
  let acc = accumulate(t0, co0, chunk, 0xffffffffu);
  store(chunk, co0, t0, acc.a0);
  store(chunk, co0 + 1u, t0, acc.a1);
  store(chunk, co0 + 2u, t0, acc.a2);
  store(chunk, co0 + 3u, t0, acc.a3);
}

// main plus the bias tap (the grid covers taps + 1 taps).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main_bias(@builtin(global_invocation_id) gid: vec3u) {
  let t0 = gid.x * 4u;
  let co0 = gid.y * 4u;
  let chunk = gid.z;
  let taps = params.CI * params.KH * params.KW;
  if (t0 > taps || co0 >= params.CO) {
    return;
  }
  let acc = accumulate(t0, co0, chunk, taps);
  store(chunk, co0, t0, acc.a0);
  store(chunk, co0 + 1u, t0, acc.a1);
  store(chunk, co0 + 2u, t0, acc.a2);
  store(chunk, co0 + 3u, t0, acc.a3);
  store_bias(chunk, co0, t0, acc.a0);
  store_bias(chunk, co0 + 1u, t0, acc.a1);
  store_bias(chunk, co0 + 2u, t0, acc.a2);
  store_bias(chunk, co0 + 3u, t0, acc.a3);
}

// ---- reduce_chunks: dw[e] = sum_c wpart[c, e], db[co] = sum_c bpart[c, co]; one thread per value ----
// (params.chunk_len holds the number of chunks here.)
@group(0) @binding(1) var<storage, read> wpart: array<f32>;
@group(0) @binding(2) var<storage, read> bpart: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
@group(0) @binding(4) var<storage, read_write> db: array<f32>;

@compute @workgroup_size(64)
fn reduce_chunks(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let e = flat_index(gid, groups, 64u);
  let weights = params.CO * params.CI * params.KH * params.KW;
  let chunks = params.chunk_len;
  if (e < weights) {
    var s = 0.0;
    for (var c = 0u; c < chunks; c++) {
      s += wpart[c * weights + e];
    }
    dw[e] = s;
  } else if (e < weights + params.CO) {
    let co = e - weights;
    var s = 0.0;
    for (var c = 0u; c < chunks; c++) {
      s += bpart[c * params.CO + co];
    }
    db[co] = s;
  }
}
