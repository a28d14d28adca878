// Output pixel = mean of its 2x2 supersample depths (background = far), clamped to [0.8, 1.2];
// mask = [depth < 1.2]. One thread per (view, pixel).
struct Params {
  views: u32,
  height: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> zbits: array<u32>;
@group(0) @binding(2) var<storage, read_write> depth_out: array<f32>;
@group(0) @binding(3) var<storage, read_write> mask: array<f32>;

override WG: u32 = 256;

fn pixel_mean(b: u32, r: u32, c: u32) -> f32 {
  let sw = 2u * P.width;
  let k = b * 4u * P.height * P.width + 2u * r * sw + 2u * c;
  let s = bitcast<f32>(zbits[k]) + bitcast<f32>(zbits[k + 1u]) + bitcast<f32>(zbits[k + sw]) + bitcast<f32>(zbits[k + sw + 1u]);
  return s * 0.25;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let hw = P.height * P.width;
  if (idx >= P.views * hw) {
    return;
  }
  let i = idx % hw;
  let d = clamp(pixel_mean(idx / hw, i / P.width, i % P.width), DEPTH_CLAMP_MIN, DEPTH_CLAMP_MAX);
  depth_out[idx] = d;
  mask[idx] = select(0.0, 1.0, d < DEPTH_CLAMP_MAX);
}
