// Fixed-point scale for the image-gradient scatter of grid_sample: scale = 2^FIXED_BITS / max|grad_out| rounded
// down to a power of two, so one contribution is at most 2^FIXED_BITS and an i32 accumulator holds
// 2^(31 - FIXED_BITS) of them (see GRID_SAMPLE_FIXED_BITS). One workgroup, one dispatch (issue 15; it was a
// column pass and a one-thread pass): thread t takes the maximum over t, t + 256, ..., then a tree over the
// workgroup. A maximum does not depend on the order, so the scale is exact.
struct Params {
  count: u32,
  fixed_bits: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> grad_out: array<f32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;

const THREADS: u32 = 256u;
var<workgroup> peaks: array<f32, THREADS>;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) lid: u32) {
  var m = 0.0;
  for (var i = lid; i < P.count; i += THREADS) {
    m = max(m, abs(grad_out[i]));
  }
  peaks[lid] = m;
  workgroupBarrier();
  for (var stride = THREADS / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      peaks[lid] = max(peaks[lid], peaks[lid + stride]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let peak = peaks[0];
    // A power of two keeps the conversion back exact; an all-zero gradient gets scale 1 (it scatters zeros).
    scale[0] = select(exp2(f32(P.fixed_bits) - ceil(log2(peak))), 1.0, peak == 0.0);
  }
}
