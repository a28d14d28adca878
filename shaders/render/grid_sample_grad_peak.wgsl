// First level of max |grad_out| for the fixed-point scale: each workgroup takes a grid-strided share of the
// elements and writes its peak; grid_sample_grad_scale then reduces the peaks (two levels, so no single
// workgroup walks the whole gradient on large batches).
struct Params {
  count: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> grad_out: array<f32>;
@group(0) @binding(2) var<storage, read_write> peaks: array<f32>;

const RWG: u32 = 256u;
var<workgroup> local_peaks: array<f32, RWG>;

@compute @workgroup_size(RWG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let stride = groups.x * RWG;
  var m = 0.0;
  for (var i = wid.x * RWG + lid.x; i < P.count; i += stride) {
    m = max(m, abs(grad_out[i]));
  }
  local_peaks[lid.x] = m;
  workgroupBarrier();
  for (var s = RWG / 2u; s > 0u; s /= 2u) {
    if (lid.x < s) {
      local_peaks[lid.x] = max(local_peaks[lid.x], local_peaks[lid.x + s]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    peaks[wid.x] = local_peaks[0];
  }
}
