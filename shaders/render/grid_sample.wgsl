// grid_sample (PyTorch <= 1.2): align_corners = true, zero padding; bilinear, or nearest (round half up) when
// NEAREST = 1 (mask warps). image [Bi, C, Hi, Wi] (Bi = 1 broadcasts), grid [B, Ho, Wo, 2] -> [B, C, Ho, Wo].
// With CLAMP = 1 the bilinear value is clamped to [-1, 1] in the same pass (the reconstruction's image, issue 15).
// One thread per (view, output pixel), looping over channels.
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
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

override WG: u32 = 256;
override NEAREST: u32 = 0u;
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
  let pos = (grid[idx] + 1.0) * 0.5 * vec2f(f32(P.in_width - 1u), f32(P.in_height - 1u));
  let in_hw = P.in_height * P.in_width;
  // Clamp before converting so that far-off coordinates cannot overflow; they sample zeros either way.
  let fl = clamp(floor(pos), vec2f(-2.0), vec2f(f32(P.in_width + 1u), f32(P.in_height + 1u)));
  let near = clamp(floor(pos + 0.5), vec2f(-2.0), vec2f(f32(P.in_width + 1u), f32(P.in_height + 1u)));
  let x0 = i32(fl.x);
  let y0 = i32(fl.y);
  let fx = pos.x - fl.x;
  let fy = pos.y - fl.y;
  for (var ch = 0u; ch < P.channels; ch++) {
    let plane = (ib * P.channels + ch) * in_hw;
    var v: f32;
    if (NEAREST == 1u) {
      v = tap(plane, i32(near.y), i32(near.x));
    } else {
      v = bilinear(tap(plane, y0, x0), tap(plane, y0, x0 + 1), tap(plane, y0 + 1, x0), tap(plane, y0 + 1, x0 + 1), fx, fy);
    }
    if (CLAMP == 1u) {
      v = clamp(v, -1.0, 1.0);
    }
    out[(b * P.channels + ch) * P.out_hw + o] = v;
  }
}
