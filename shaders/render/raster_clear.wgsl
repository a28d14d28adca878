// Resets the z-buffer (depth bits of the far plane) and the winning-face buffer (NO_FACE) of every supersample.
struct Params {
  count: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> zbits: array<u32>;
@group(0) @binding(2) var<storage, read_write> faces: array<u32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.count) {
    return;
  }
  zbits[idx] = bitcast<u32>(RASTER_FAR);
  faces[idx] = NO_FACE;
}
