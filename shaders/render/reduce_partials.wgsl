// out[b, k] = sum_n partial[b, n, k]: per-batch parameter gradients (view, light) from per-item partials, in one
// dispatch (issue 15; it was two barrier-free stages). A workgroup per (b, k): thread t sums n = t, t + WG, ...,
// then a tree over the workgroup, so the summation order is fixed and every run gives the same sums.
struct Params {
  views: u32,
  count: u32,
  width: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

override WG: u32 = 64u;
var<workgroup> sums: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  // The workgroup's output; uniform over the workgroup, so the early return keeps the barriers uniform.
  let o = wid.x + wid.y * groups.x;
  if (o >= P.views * P.width) {
    return;
  }
  let b = o / P.width;
  let k = o % P.width;
  var s = 0.0;
  for (var n = lid; n < P.count; n += WG) {
    s += partial[(b * P.count + n) * P.width + k];
  }
  sums[lid] = s;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      sums[lid] += sums[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[o] = sums[0];
  }
}
