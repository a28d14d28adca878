// Separable spatial resampling of NCHW planes, MODE: 0 nearest upsample x2, 1 avg_pool 2x2 (stride 2, odd tails
// dropped), 2 bilinear (align_corners=False, PyTorch), 3 area (adaptive average pooling).
// out[p, oy, ox] = sum_{iy, ix} w(oy, iy) w(ox, ix) x[p, iy, ix] with one weight function per axis; forward
// gathers over the inputs an output reads, backward gathers over the outputs that read an input (no atomics).
struct Params {
  planes: u32,
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  // in / out along each axis (bilinear source coordinates).
  scale_h: f32,
  scale_w: f32,
  // Threads: output values (forward) or input values (backward).
  n: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

override MODE: u32 = 0u;
override WG: u32 = 256u;

// Weight of input index i in output index o along an axis of `n_in` inputs and `n_out` outputs.
fn weight(o: u32, i: u32, n_in: u32, n_out: u32, scale: f32) -> f32 {
  switch MODE {
    case 0u: {
      return select(0.0, 1.0, i == o / 2u);
    }
    case 1u: {
      return select(0.0, 0.5, i / 2u == o);
    }
    case 2u: {
      let s = max((f32(o) + 0.5) * scale - 0.5, 0.0);
      let i0 = min(u32(floor(s)), n_in - 1u);
      let i1 = min(i0 + 1u, n_in - 1u);
      let lambda = s - f32(i0);
      return select(0.0, 1.0 - lambda, i0 == i) + select(0.0, lambda, i1 == i);
    }
    default: {
      let start = (o * n_in) / n_out;
      let stop = ((o + 1u) * n_in + n_out - 1u) / n_out;
      return select(0.0, 1.0 / f32(stop - start), i >= start && i < stop);
    }
  }
}

// Inclusive range of inputs that output o reads.
fn inputs_of(o: u32, n_in: u32, n_out: u32, scale: f32) -> vec2u {
  switch MODE {
    case 0u: {
      return vec2u(o / 2u, o / 2u);
    }
    case 1u: {
      return vec2u(2u * o, 2u * o + 1u);
    }
    case 2u: {
      let s = max((f32(o) + 0.5) * scale - 0.5, 0.0);
      let i0 = min(u32(floor(s)), n_in - 1u);
      return vec2u(i0, min(i0 + 1u, n_in - 1u));
    }
    default: {
      return vec2u((o * n_in) / n_out, ((o + 1u) * n_in + n_out - 1u) / n_out - 1u);
    }
  }
}

// Inclusive range of outputs that may read input i (a superset; weight() decides exactly). Empty when x > y.
fn outputs_of(i: u32, n_in: u32, n_out: u32, scale: f32) -> vec2u {
  switch MODE {
    case 0u: {
      return vec2u(2u * i, 2u * i + 1u);
    }
    case 1u: {
      // Inputs in an odd trailing row/column feed no output: return an empty range.
      return select(vec2u(i / 2u, i / 2u), vec2u(1u, 0u), i / 2u >= n_out);
    }
    case 2u: {
      // Source coordinate s(o) = (o + 0.5) * scale - 0.5 lies in [i - 1, i + 1) for every reader; one output of
      // margin on each side absorbs float rounding and the clamps at both borders.
      let lo = i32(floor((f32(i) - 0.5) / scale - 0.5)) - 1;
      let hi = i32(ceil((f32(i) + 1.5) / scale - 0.5)) + 1;
      return vec2u(u32(clamp(lo, 0, i32(n_out) - 1)), u32(clamp(hi, 0, i32(n_out) - 1)));
    }
    default: {
      let lo = max(i32((i * n_out) / n_in) - 1, 0);
      return vec2u(u32(lo), min(((i + 1u) * n_out) / n_in, n_out - 1u));
    }
  }
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ox = t % params.out_w;
  let oy = (t / params.out_w) % params.out_h;
  let plane = t / (params.out_w * params.out_h);
  let ry = inputs_of(oy, params.in_h, params.out_h, params.scale_h);
  let rx = inputs_of(ox, params.in_w, params.out_w, params.scale_w);
  let base = plane * params.in_h * params.in_w;
  var acc = 0.0;
  for (var iy = ry.x; iy <= ry.y; iy++) {
    let wy = weight(oy, iy, params.in_h, params.out_h, params.scale_h);
    for (var ix = rx.x; ix <= rx.y; ix++) {
      acc += wy * weight(ox, ix, params.in_w, params.out_w, params.scale_w) * src[base + iy * params.in_w + ix];
    }
  }
  dst[t] = acc;
}

// src = output gradient [planes, out_h, out_w], dst = input gradient [planes, in_h, in_w].
@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ix = t % params.in_w;
  let iy = (t / params.in_w) % params.in_h;
  let plane = t / (params.in_w * params.in_h);
  let ry = outputs_of(iy, params.in_h, params.out_h, params.scale_h);
  let rx = outputs_of(ix, params.in_w, params.out_w, params.scale_w);
  let base = plane * params.out_h * params.out_w;
  var acc = 0.0;
  for (var oy = ry.x; oy <= ry.y; oy++) {
    let wy = weight(oy, iy, params.in_h, params.out_h, params.scale_h);
    for (var ox = rx.x; ox <= rx.y; ox++) {
      acc += wy * weight(ox, ix, params.in_w, params.out_w, params.scale_w) * src[base + oy * params.out_w + ox];
    }
  }
  dst[t] = acc;
}

// ---- fast paths for the exact 2x cases (the decoder's upsample, the encoder's pooling): one thread per input
// pixel (nearest) or output pixel (pool), pairs of columns moved as vec2 so neighbouring threads touch
// neighbouring 8-byte words. Pooling needs even input sizes (no dropped tail).
@group(0) @binding(1) var<storage, read> src2: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> dst2: array<vec2f>;

// dst [planes, 2h, 2w] from src [planes, h, w]; t walks src.
@compute @workgroup_size(WG)
fn nearest2x_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ix = t % params.in_w;
  let row = t / params.in_w;
  // Output rows 2*row and 2*row + 1 (plane-major rows line up because out_h = 2 in_h); a vec2 covers 2ix, 2ix+1.
  let v = vec2f(src[t]);
  dst2[(2u * row) * params.in_w + ix] = v;
  dst2[(2u * row + 1u) * params.in_w + ix] = v;
}

// Gradient of nearest2x: dst [planes, h, w] sums the 2x2 block of src [planes, 2h, 2w]; t walks dst.
@compute @workgroup_size(WG)
fn nearest2x_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ix = t % params.in_w;
  let row = t / params.in_w;
  let s = src2[(2u * row) * params.in_w + ix] + src2[(2u * row + 1u) * params.in_w + ix];
  dst[t] = s.x + s.y;
}

// dst [planes, h/2, w/2] averages 2x2 blocks of src [planes, h, w] (h, w even); t walks dst.
@compute @workgroup_size(WG)
fn avgpool2_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ox = t % params.out_w;
  let row = t / params.out_w;
  let s = src2[(2u * row) * params.out_w + ox] + src2[(2u * row + 1u) * params.out_w + ox];
  dst[t] = 0.25 * (s.x + s.y);
}

// Gradient of avgpool2 (h, w even): dst [planes, h, w] gets a quarter of src [planes, h/2, w/2]; t walks src.
@compute @workgroup_size(WG)
fn avgpool2_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t >= params.n) {
    return;
  }
  let ox = t % params.out_w;
  let row = t / params.out_w;
  let v = vec2f(0.25 * src[t]);
  dst2[(2u * row) * params.out_w + ox] = v;
  dst2[(2u * row + 1u) * params.out_w + ox] = v;
}
