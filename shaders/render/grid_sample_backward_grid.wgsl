// dL/d grid of bilinear grid_sample, per (view, output pixel): the bilinear weights' derivatives times the
// corner values (zeros outside), summed over channels, scaled by (size - 1) / 2. With CLAMP = 1 (the forward
// clamped to [-1, 1]) the upstream gradient passes only where the bilinear value lies in [-1, 1], as torch.clamp's.
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
@group(0) @binding(4) var<storage, read_write> grad_grid: array<vec2f>;

override WG: u32 = 256;
override CLAMP: u32 = 0u;

fn tap(plane: u32, y: i32, x: i32) -> f32 {
  if (x < 0 || y < 0 || x >= i32(P.in_width) || y >= i32(P.in_height)) {
    return 0.0;
  }
  return image[plane + u32(y) * P.in_width + u32(x)];
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
  let size = vec2f(f32(P.in_width - 1u), f32(P.in_height - 1u));
  let pos = (grid[idx] + 1.0) * 0.5 * size;
  let fl = clamp(floor(pos), vec2f(-2.0), vec2f(f32(P.in_width + 1u), f32(P.in_height + 1u)));
  let x0 = i32(fl.x);
  let y0 = i32(fl.y);
  let fx = pos.x - fl.x;
  let fy = pos.y - fl.y;
  let in_hw = P.in_height * P.in_width;
  var g = vec2f(0.0);
  for (var ch = 0u; ch < P.channels; ch++) {
    let plane = (ib * P.channels + ch) * in_hw;
    var go = grad_out[(b * P.channels + ch) * P.out_hw + o];
    let v00 = tap(plane, y0, x0);
    let v01 = tap(plane, y0, x0 + 1);
    let v10 = tap(plane, y0 + 1, x0);
    let v11 = tap(plane, y0 + 1, x0 + 1);
    if (CLAMP == 1u) {
      let v = bilinear(v00, v01, v10, v11, fx, fy);
      go = select(0.0, go, v >= -1.0 && v <= 1.0);
    }
    g += go * vec2f((1.0 - fy) * (v01 - v00) + fy * (v11 - v10), (1.0 - fx) * (v10 - v00) + fx * (v11 - v01));
  }
  grad_grid[idx] = g * size * 0.5;
}
