// Spatial padding of NCHW planes (MODE 0 zero, 1 replicate; pads left/right/top/bottom as F.pad) and
// horizontal flip. Backward of pad gathers, per input pixel, the output pixels that read it: one for an interior
// pixel, the whole replicated band for an edge pixel (replicate), so no atomics are needed.
struct Params {
  planes: u32,
  h: u32,
  w: u32,
  out_h: u32,
  out_w: u32,
  left: u32,
  top: u32,
  n: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

override MODE: u32 = 0u;
override WG: u32 = 256u;

// Input index read by padded index o along an axis, or -1 for a zero-padding position.
fn source_of(o: u32, before: u32, size: u32) -> i32 {
  let i = i32(o) - i32(before);
  if (i >= 0 && i < i32(size)) {
    return i;
  }
  if (MODE == 0u) {
    return -1;
  }
  return clamp(i, 0, i32(size) - 1);
}

// Inclusive range of padded indices that read input index i along an axis of `size` inputs and `out` outputs.
fn readers_of(i: u32, before: u32, size: u32, out: u32) -> vec2u {
  var lo = i + before;
  var hi = i + before;
  if (MODE == 1u) {
    if (i == 0u) {
      lo = 0u;
    }
    if (i == size - 1u) {
      hi = out - 1u;
    }
  }
  return vec2u(lo, hi);
}

@compute @workgroup_size(WG)
fn pad_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ox = t % params.out_w;
  let oy = (t / params.out_w) % params.out_h;
  let plane = t / (params.out_w * params.out_h);
  let iy = source_of(oy, params.top, params.h);
  let ix = source_of(ox, params.left, params.w);
  var v = 0.0;
  if (iy >= 0 && ix >= 0) {
    v = src[(plane * params.h + u32(iy)) * params.w + u32(ix)];
  }
  dst[t] = v;
}

// src = gradient of the padded output, dst = gradient of the input.
@compute @workgroup_size(WG)
fn pad_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ix = t % params.w;
  let iy = (t / params.w) % params.h;
  let plane = t / (params.w * params.h);
  let ry = readers_of(iy, params.top, params.h, params.out_h);
  let rx = readers_of(ix, params.left, params.w, params.out_w);
  var acc = 0.0;
  for (var oy = ry.x; oy <= ry.y; oy++) {
    let row = (plane * params.out_h + oy) * params.out_w;
    for (var ox = rx.x; ox <= rx.y; ox++) {
      acc += src[row + ox];
    }
  }
  dst[t] = acc;
}

// dst[row, j] = src[row, w - 1 - j]; rows = planes * h. Its own adjoint.
@compute @workgroup_size(WG)
fn flip(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t < params.n) {
    let j = t % params.w;
    dst[t] = src[t - j + params.w - 1u - j];
  }
}
