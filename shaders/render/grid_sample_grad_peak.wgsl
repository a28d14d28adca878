// First stage of max |grad_out| for the fixed-point scale, barrier-free: thread c takes the maximum over the
// elements c, c + C, c + 2C, ... (C = columns = number of threads; adjacent threads read adjacent elements).
struct Params {
  count: u32,
  columns: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> grad_out: array<f32>;
@group(0) @binding(2) var<storage, read_write> peaks: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let c = flat_index(gid, groups, WG);
  if (c >= P.columns) {
    return;
  }
  var m = 0.0;
  for (var i = c; i < P.count; i += P.columns) {
    m = max(m, abs(grad_out[i]));
  }
  peaks[c] = m;
}
