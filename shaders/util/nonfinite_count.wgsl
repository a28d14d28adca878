// Counts the NaN and infinite values of a float32 array and adds the count to counter[0], in place, so that the
// weights of several nets are checked into one counter that is read back once. The test is on the bits (exponent
// all ones), not on x != x or comparisons: WGSL lets an implementation assume floats are finite, and min(), max()
// and clamp() on some GPUs (SwiftShader among them) turn a NaN into a finite value.
// One workgroup per tensor: the checks run every few iterations on parameter tensors, never in a hot loop.
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> counter: array<f32>;

override WG: u32 = 256u;

var<workgroup> counts: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var c = 0u;
  for (var i = lid; i < params.n; i += WG) {
    if ((bitcast<u32>(x[i]) & 0x7f800000u) == 0x7f800000u) {
      c += 1u;
    }
  }
  counts[lid] = c;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      counts[lid] += counts[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    counter[0] = counter[0] + f32(counts[0]);
  }
}
