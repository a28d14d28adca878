// The method's scalar losses as two-level reductions, MODE: 0 masked L1 (sum m|a-b| / sum m, mask [N,1,H,W]
// broadcast over channels or [N,C,H,W]), 1 MSE (mean (a-b)^2), 2 second-order smoothness of x [N,C,H,W]
// (GAN2Shape smooth_loss: mean|dxx| + mean|dxy| + mean|dyx| + mean|dyy|; the two mixed terms are equal).
// partials: one workgroup per chunk of `chunk_len` elements writes (numerator, denominator) partial sums;
// finish: one workgroup per group sums its chunks and writes the loss and the denominator (sum of the broadcast mask).
// single / smooth_single: both passes in one workgroup for small inputs (one dispatch instead of two).
// The *_grad entry points read the upstream gradient of the loss from a buffer (no readback).
// Masked L1 and MSE reduce each group of contiguous samples to its own value (workgroup_id.y = group in single,
// partials and finish; loss and denominator [G]), so several loss terms of a step share one dispatch. One group of
// all samples is the plain scalar loss; smoothness is always one group.
struct Params {
  n: u32,
  channels: u32,
  hw: u32,
  mask_channels: u32,
  h: u32,
  w: u32,
  chunk_len: u32,
  chunks: u32,
  // Smoothness weights: 1 / (maps * count) of each term; the mixed weight counts both mixed terms.
  w_xx: f32,
  w_mixed: f32,
  w_yy: f32,
  group_count: u32,
  // Group g covers samples [bound(g), bound(g + 1)); 16 boundaries packed in vec4s (uniform arrays need a 16-byte
  // stride), so up to 15 groups.
  bounds: array<vec4u, 4>,
}

@group(0) @binding(0) var<uniform> params: Params;

override MODE: u32 = 0u;
override WG: u32 = 256u;

var<workgroup> num_sums: array<f32, WG>;
var<workgroup> den_sums: array<f32, WG>;

fn bound(k: u32) -> u32 {
  return params.bounds[k / 4u][k % 4u];
}

// Elements of a, b per sample.
fn sample_len() -> u32 {
  return params.channels * params.hw;
}

// The group of sample s: the last g whose first sample is <= s (a few groups, so a scan).
fn group_of(s: u32) -> u32 {
  var g = 0u;
  for (var k = 1u; k < params.group_count; k++) {
    if (bound(k) <= s) {
      g = k;
    }
  }
  return g;
}

fn mask_index(i: u32) -> u32 {
  if (params.mask_channels == params.channels) {
    return i;
  }
  return (i / (params.channels * params.hw)) * params.hw + i % params.hw;
}

// Weighted second differences anchored at pixel i of x (row-major maps of h x w).
fn smooth_terms(i: u32) -> f32 {
  let w = params.w;
  let col = i % w;
  let row = (i / w) % params.h;
  var acc = 0.0;
  if (col + 2u < w) {
    acc += params.w_xx * abs(xs[i + 2u] - 2.0 * xs[i + 1u] + xs[i]);
  }
  if (row + 2u < params.h) {
    acc += params.w_yy * abs(xs[i + 2u * w] - 2.0 * xs[i + w] + xs[i]);
  }
  if (col + 1u < w && row + 1u < params.h) {
    acc += params.w_mixed * abs(xs[i + w + 1u] - xs[i + w] - xs[i + 1u] + xs[i]);
  }
  return acc;
}

fn reduce_pair(lid: u32, num: f32, den: f32) {
  num_sums[lid] = num;
  den_sums[lid] = den;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width /= 2u) {
    if (lid < width) {
      num_sums[lid] += num_sums[lid + width];
      den_sums[lid] += den_sums[lid + width];
    }
    workgroupBarrier();
  }
}

// ---- pass 1: partial sums (masked L1 and MSE read a, b (, mask); smoothness reads xs) ----
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial_out: array<f32>;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> smooth_partial_out: array<f32>;

// This thread's share of (sum of the loss terms, sum of the mask) over elements [start, stop), strided by WG.
fn thread_sums(start: u32, stop: u32, lid: u32) -> vec2f {
  var num = 0.0;
  var den = 0.0;
  for (var i = start + lid; i < stop; i += WG) {
    let d = a[i] - b[i];
    if (MODE == 0u) {
      let m = mask[mask_index(i)];
      num += m * abs(d);
      den += m;
    } else {
      num += d * d;
    }
  }
  return vec2f(num, den);
}

// Chunk wid.x of group wid.y; `chunks` is the largest group's chunk count, so a smaller group's spare chunks are
// empty (start past the group's end) and write zeros.
@compute @workgroup_size(WG)
fn partials(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let g = wid.y;
  let start = bound(g) * sample_len() + wid.x * params.chunk_len;
  let stop = min(start + params.chunk_len, bound(g + 1u) * sample_len());
  let sums = thread_sums(start, stop, lid);
  reduce_pair(lid, sums.x, sums.y);
  if (lid == 0u) {
    let slot = g * params.chunks + wid.x;
    partial_out[2u * slot] = num_sums[0];
    partial_out[2u * slot + 1u] = den_sums[0];
  }
}

@compute @workgroup_size(WG)
fn smooth_partials(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let start = wid.x * params.chunk_len;
  let stop = min(start + params.chunk_len, params.n);
  var num = 0.0;
  for (var i = start + lid; i < stop; i += WG) {
    num += smooth_terms(i);
  }
  reduce_pair(lid, num, 0.0);
  if (lid == 0u) {
    smooth_partial_out[2u * wid.x] = num_sums[0];
    smooth_partial_out[2u * wid.x + 1u] = 0.0;
  }
}

// ---- pass 2: loss = num / den (masked L1), num / n (MSE), num (smoothness); group wid.y ----
@group(0) @binding(1) var<storage, read> partial_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> loss_out: array<f32>;
@group(0) @binding(3) var<storage, read_write> den_out: array<f32>;

fn loss_of(num: f32, den: f32) -> f32 {
  if (MODE == 0u) {
    return num / den;
  }
  if (MODE == 1u) {
    return num / f32(params.n);
  }
  return num;
}

@compute @workgroup_size(WG)
fn finish(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let g = wid.y;
  var num = 0.0;
  var den = 0.0;
  for (var c = lid; c < params.chunks; c += WG) {
    let slot = g * params.chunks + c;
    num += partial_in[2u * slot];
    den += partial_in[2u * slot + 1u];
  }
  reduce_pair(lid, num, den);
  if (lid == 0u) {
    loss_out[g] = loss_of(num_sums[0], den_sums[0]);
    den_out[g] = den_sums[0];
  }
}

// ---- backward ----
// masked L1: inputs a, b, mask, den [G], upstream [G]; outputs da, db. Each element uses its group's values.
@group(0) @binding(4) var<storage, read> den_in: array<f32>;
@group(0) @binding(5) var<storage, read> upstream: array<f32>;
@group(0) @binding(6) var<storage, read_write> da: array<f32>;
@group(0) @binding(7) var<storage, read_write> db: array<f32>;

@compute @workgroup_size(WG)
fn l1_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    let k = group_of(i / sample_len());
    let g = upstream[k] * mask[mask_index(i)] * sign(a[i] - b[i]) / den_in[k];
    da[i] = g;
    db[i] = -g;
  }
}

// MSE: inputs a, b, upstream; outputs da, db.
@group(0) @binding(3) var<storage, read> upstream_mse: array<f32>;
@group(0) @binding(4) var<storage, read_write> da_mse: array<f32>;
@group(0) @binding(5) var<storage, read_write> db_mse: array<f32>;

@compute @workgroup_size(WG)
fn mse_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    let g = 2.0 * upstream_mse[0] * (a[i] - b[i]) / f32(params.n);
    da_mse[i] = g;
    db_mse[i] = -g;
  }
}

// masked L1 mask gradient, one thread per mask value: sum over the channels it covers of (|a-b| - loss) / den,
// with its group's loss, den and upstream.
@group(0) @binding(3) var<storage, read> loss_in: array<f32>;
@group(0) @binding(4) var<storage, read> den_m: array<f32>;
@group(0) @binding(5) var<storage, read> upstream_m: array<f32>;
@group(0) @binding(6) var<storage, read_write> dmask: array<f32>;

@compute @workgroup_size(WG)
fn mask_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  let mask_len = (params.n / (params.channels * params.hw)) * params.mask_channels * params.hw;
  if (t >= mask_len) {
    return;
  }
  let k = group_of(t / (params.mask_channels * params.hw));
  let loss = loss_in[k];
  var acc = 0.0;
  if (params.mask_channels == params.channels) {
    acc = abs(a[t] - b[t]) - loss;
  } else {
    let base = (t / params.hw) * params.channels * params.hw + t % params.hw;
    for (var c = 0u; c < params.channels; c++) {
      let i = base + c * params.hw;
      acc += abs(a[i] - b[i]) - loss;
    }
  }
  dmask[t] = upstream_m[k] * acc / den_m[k];
}

// smoothness: inputs xs, upstream; output dx. Pixel (r, c) gathers from every second difference that reads it.
@group(0) @binding(2) var<storage, read> upstream_s: array<f32>;
@group(0) @binding(3) var<storage, read_write> dxs: array<f32>;

fn sgn_xx(i: u32) -> f32 {
  return sign(xs[i + 2u] - 2.0 * xs[i + 1u] + xs[i]);
}

fn sgn_yy(i: u32) -> f32 {
  let w = params.w;
  return sign(xs[i + 2u * w] - 2.0 * xs[i + w] + xs[i]);
}

fn sgn_mixed(i: u32) -> f32 {
  let w = params.w;
  return sign(xs[i + w + 1u] - xs[i + w] - xs[i + 1u] + xs[i]);
}

@compute @workgroup_size(WG)
fn smooth_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i >= params.n) {
    return;
  }
  let w = params.w;
  let h = params.h;
  let c = i % w;
  let r = (i / w) % h;
  var g_xx = 0.0;
  // dxx anchored at column j reads columns j, j+1, j+2 with weights 1, -2, 1.
  if (c + 2u < w) {
    g_xx += sgn_xx(i);
  }
  if (c >= 1u && c + 1u < w) {
    g_xx -= 2.0 * sgn_xx(i - 1u);
  }
  if (c >= 2u) {
    g_xx += sgn_xx(i - 2u);
  }
  var g_yy = 0.0;
  if (r + 2u < h) {
    g_yy += sgn_yy(i);
  }
  if (r >= 1u && r + 1u < h) {
    g_yy -= 2.0 * sgn_yy(i - w);
  }
  if (r >= 2u) {
    g_yy += sgn_yy(i - 2u * w);
  }
  // The mixed difference anchored at (r', c') reads (r',c') +1, (r',c'+1) -1, (r'+1,c') -1, (r'+1,c'+1) +1.
  var g_mixed = 0.0;
  if (r + 1u < h && c + 1u < w) {
    g_mixed += sgn_mixed(i);
  }
  if (r + 1u < h && c >= 1u) {
    g_mixed -= sgn_mixed(i - 1u);
  }
  if (r >= 1u && c + 1u < w) {
    g_mixed -= sgn_mixed(i - w);
  }
  if (r >= 1u && c >= 1u) {
    g_mixed += sgn_mixed(i - w - 1u);
  }
  dxs[i] = upstream_s[0] * (params.w_xx * g_xx + params.w_yy * g_yy + params.w_mixed * g_mixed);
}

// ---- one pass for small inputs: one workgroup per group reads all its elements ----
@group(0) @binding(4) var<storage, read_write> single_loss: array<f32>;
@group(0) @binding(5) var<storage, read_write> single_den: array<f32>;
@group(0) @binding(2) var<storage, read_write> smooth_single_loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> smooth_single_den: array<f32>;

@compute @workgroup_size(WG)
fn single(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let g = wid.y;
  let sums = thread_sums(bound(g) * sample_len(), bound(g + 1u) * sample_len(), lid);
  reduce_pair(lid, sums.x, sums.y);
  if (lid == 0u) {
    single_loss[g] = loss_of(num_sums[0], den_sums[0]);
    single_den[g] = den_sums[0];
  }
}

@compute @workgroup_size(WG)
fn smooth_single(@builtin(local_invocation_index) lid: u32) {
  var num = 0.0;
  for (var i = lid; i < params.n; i += WG) {
    num += smooth_terms(i);
  }
  reduce_pair(lid, num, 0.0);
  if (lid == 0u) {
    smooth_single_loss[0] = loss_of(num_sums[0], 0.0);
    smooth_single_den[0] = 0.0;
  }
}
