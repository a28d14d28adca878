// Fixed-point scale for the image-gradient scatter of grid_sample: scale = 2^FIXED_BITS / max|grad_out|, so one
// contribution is at most 2^FIXED_BITS and an i32 accumulator holds 2^(31 - FIXED_BITS) of them (see the TS
// side for the bound). Input: the per-workgroup peaks of grid_sample_grad_peak (or any array); one workgroup.
struct Params {
  count: u32,
  fixed_bits: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;

const RWG: u32 = 256u;
var<workgroup> peaks: array<f32, RWG>;

@compute @workgroup_size(RWG)
fn main(@builtin(local_invocation_id) lid: vec3u) {
  var m = 0.0;
  for (var i = lid.x; i < P.count; i += RWG) {
    m = max(m, abs(values[i]));
  }
  peaks[lid.x] = m;
  workgroupBarrier();
  for (var stride = RWG / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) {
      peaks[lid.x] = max(peaks[lid.x], peaks[lid.x + stride]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    // A power of two keeps the conversion exact; an all-zero gradient gets scale 1 (it scatters zeros).
    let peak = peaks[0];
    scale[0] = select(exp2(f32(P.fixed_bits) - ceil(log2(peak))), 1.0, peak == 0.0);
  }
}
