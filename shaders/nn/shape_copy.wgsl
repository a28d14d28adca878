// Block copies along one axis of a tensor viewed as [outer, axis, inner] (concat, slice and their gradients).
// copy_axis: one thread per copied value; writes dst[o, dst_start + k, i] = src[o, src_start + k, i] for
//   k < count and leaves the rest of dst untouched (concat writes each input's block into one output).
// window: one thread per dst value; dst[o, j, i] = src[o, src_start + j - dst_start, i] inside the window
//   [dst_start, dst_start + count) and 0 outside (the gradient of a slice).
// The *_vec4 entry points need inner % 4 == 0 and take `inner` in units of four values.
struct Params {
  outer: u32,
  inner: u32,
  src_len: u32,
  src_start: u32,
  dst_len: u32,
  dst_start: u32,
  count: u32,
  n: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(1) var<storage, read> src4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> dst4: array<vec4f>;

override WG: u32 = 256u;

// (source index, destination index) of copied value t.
fn copy_indices(t: u32) -> vec2u {
  let i = t % params.inner;
  let k = (t / params.inner) % params.count;
  let o = t / (params.inner * params.count);
  return vec2u(
    (o * params.src_len + params.src_start + k) * params.inner + i,
    (o * params.dst_len + params.dst_start + k) * params.inner + i,
  );
}

@compute @workgroup_size(WG)
fn copy_axis(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t < params.n) {
    let at = copy_indices(t);
    dst[at.y] = src[at.x];
  }
}

@compute @workgroup_size(WG)
fn copy_axis_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t < params.n) {
    let at = copy_indices(t);
    dst4[at.y] = src4[at.x];
  }
}

// Source index of dst value t, or -1 outside the window.
fn window_source(t: u32) -> i32 {
  let i = t % params.inner;
  let j = (t / params.inner) % params.dst_len;
  let o = t / (params.inner * params.dst_len);
  if (j < params.dst_start || j >= params.dst_start + params.count) {
    return -1;
  }
  return i32((o * params.src_len + params.src_start + j - params.dst_start) * params.inner + i);
}

@compute @workgroup_size(WG)
fn window(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t < params.n) {
    let s = window_source(t);
    dst[t] = select(0.0, src[max(s, 0)], s >= 0);
  }
}

@compute @workgroup_size(WG)
fn window_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flat_index(gid, groups, WG);
  if (t < params.n) {
    let s = window_source(t);
    dst4[t] = select(vec4f(0.0), src4[max(s, 0)], s >= 0);
  }
}
