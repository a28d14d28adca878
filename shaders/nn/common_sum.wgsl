// out[c] = sum over (o, i) of x[o, c, i] for x viewed as [outer, channels, inner], as a two-level reduction:
// pass 1 writes partial[chunk, c] over `chunk_len` consecutive (o, i) pairs per thread; pass 2 runs the same
// kernel on the partials viewed as [chunks, channels, 1]. Bias gradients of conv and linear use it.
struct Params {
  outer: u32,
  channels: u32,
  inner: u32,
  chunk_len: u32,
  chunks: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;

override WG: u32 = 64u;
// 1: add the sums to what `partial` holds (a weight gradient accumulated in place, e.g. a net run twice).
override ACCUMULATE: u32 = 0u;
// activate(): conv2d's split-K forward applies its fused activation after the slices' sum (fused_activation.wgsl).

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let id = flat_index(gid, groups, WG);
  if (id >= params.chunks * params.channels) {
    return;
  }
  let c = id % params.channels;
  let chunk = id / params.channels;
  let total = params.outer * params.inner;
  let start = chunk * params.chunk_len;
  let stop = min(start + params.chunk_len, total);
  var sum = 0.0;
  for (var t = start; t < stop; t++) {
    let o = t / params.inner;
    let i = t % params.inner;
    sum += x[(o * params.channels + c) * params.inner + i];
  }
  let at = chunk * params.channels + c;
  if (ACCUMULATE == 1u) {
    partial[at] += sum;
  } else {
    partial[at] = activate(sum);
  }
}
