// Fixed-point scale for the image-gradient scatter of grid_sample: scale = 2^FIXED_BITS / max|grad_out| rounded
// down to a power of two, so one contribution is at most 2^FIXED_BITS and an i32 accumulator holds
// 2^(31 - FIXED_BITS) of them (see GRID_SAMPLE_FIXED_BITS). Input: the column peaks of grid_sample_grad_peak;
// one thread, in a fixed order.
struct Params {
  count: u32,
  fixed_bits: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> peaks: array<f32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;

@compute @workgroup_size(1)
fn main() {
  var peak = 0.0;
  for (var i = 0u; i < P.count; i++) {
    peak = max(peak, peaks[i]);
  }
  // A power of two keeps the conversion back exact; an all-zero gradient gets scale 1 (it scatters zeros).
  scale[0] = select(exp2(f32(P.fixed_bits) - ceil(log2(peak))), 1.0, peak == 0.0);
}
