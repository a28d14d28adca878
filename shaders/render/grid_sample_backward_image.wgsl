// dL/d image of bilinear grid_sample as a deterministic scatter: every (view, output pixel) adds
// round(g w scale) to the four taps' i32 accumulators with atomicAdd (integer addition is associative, so the
// result does not depend on thread order). grid_sample_fixed_to_float converts back. With CLAMP = 1 (the forward
// clamped to [-1, 1]) the upstream gradient passes only where the bilinear value, recomputed from the image, lies
// in [-1, 1], as torch.clamp's.
struct Params {
  views: u32,
  image_batch: u32,
  channels: u32,
  in_height: u32,
  in_width: u32,
  out_hw: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> image: array<f32>;
@group(0) @binding(2) var<storage, read> grid: array<vec2f>;
@group(0) @binding(3) var<storage, read> grad_out: array<f32>;
@group(0) @binding(4) var<storage, read> scale: array<f32>;
@group(0) @binding(5) var<storage, read_write> acc: array<atomic<i32>>;

override WG: u32 = 256;
override CLAMP: u32 = 0u;

fn tap(plane: u32, y: i32, x: i32) -> f32 {
  if (x < 0 || y < 0 || x >= i32(P.in_width) || y >= i32(P.in_height)) {
    return 0.0;
  }
  return image[plane + u32(y) * P.in_width + u32(x)];
}

fn add_tap(plane: u32, y: i32, x: i32, value: f32) {
  if (x < 0 || y < 0 || x >= i32(P.in_width) || y >= i32(P.in_height) || value == 0.0) {
    return;
  }
  atomicAdd(&acc[plane + u32(y) * P.in_width + u32(x)], i32(round(value)));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.out_hw) {
    return;
  }
  let b = idx / P.out_hw;
  let o = idx % P.out_hw;
  let ib = select(b, 0u, P.image_batch == 1u);
  let pos = (grid[idx] + 1.0) * 0.5 * vec2f(f32(P.in_width - 1u), f32(P.in_height - 1u));
  let fl = clamp(floor(pos), vec2f(-2.0), vec2f(f32(P.in_width + 1u), f32(P.in_height + 1u)));
  let x0 = i32(fl.x);
  let y0 = i32(fl.y);
  let fx = pos.x - fl.x;
  let fy = pos.y - fl.y;
  let in_hw = P.in_height * P.in_width;
  let s = scale[0];
  // With CLAMP, which channels pass the clamp's gradient (bit ch; at most 32 channels), found before any atomic:
  // reading the image between the atomics of one loop makes SwiftShader's compiler take minutes.
  var passes = 0xffffffffu;
  if (CLAMP == 1u) {
    passes = 0u;
    for (var ch = 0u; ch < P.channels; ch++) {
      let plane = (ib * P.channels + ch) * in_hw;
      let v = bilinear(tap(plane, y0, x0), tap(plane, y0, x0 + 1), tap(plane, y0 + 1, x0), tap(plane, y0 + 1, x0 + 1), fx, fy);
      passes |= u32(v >= -1.0 && v <= 1.0) << ch;
    }
  }
  for (var ch = 0u; ch < P.channels; ch++) {
    let plane = (ib * P.channels + ch) * in_hw;
    let g = grad_out[(b * P.channels + ch) * P.out_hw + o] * s * f32((passes >> ch) & 1u);
    add_tap(plane, y0, x0, g * (1.0 - fx) * (1.0 - fy));
    add_tap(plane, y0, x0 + 1, g * fx * (1.0 - fy));
    add_tap(plane, y0 + 1, x0, g * (1.0 - fx) * fy);
    add_tap(plane, y0 + 1, x0 + 1, g * fx * fy);
  }
}
