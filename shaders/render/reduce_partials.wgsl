// out[b, k] = sum over n of partial[b, n, k]: one workgroup per (k, b), a strided per-thread sum then a tree in
// workgroup memory, so the summation order is fixed (deterministic) and no thread loops over everything.
struct Params {
  views: u32,
  count: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

const RWG: u32 = 256u;
var<workgroup> sums: array<f32, RWG>;

@compute @workgroup_size(RWG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let k = wid.x;
  let b = wid.y;
  var s = 0.0;
  for (var n = lid.x; n < P.count; n += RWG) {
    s += partial[(b * P.count + n) * P.width + k];
  }
  sums[lid.x] = s;
  workgroupBarrier();
  for (var stride = RWG / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) {
      sums[lid.x] += sums[lid.x + stride];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    out[b * P.width + k] = sums[0];
  }
}
