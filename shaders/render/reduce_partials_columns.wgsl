// Per-batch sums of per-item partials, stage 1 of 2 (no barriers, no workgroup memory, fixed order):
// column[b, c, k] = sum over n = c, c + C, c + 2C, ... of partial[b, n, k], C = columns. Adjacent threads read
// adjacent items, so the loads coalesce. One thread per (b, c).
struct Params {
  views: u32,
  count: u32,
  width: u32,
  columns: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> column: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.columns) {
    return;
  }
  let b = idx / P.columns;
  let c = idx % P.columns;
  for (var k = 0u; k < P.width; k++) {
    var s = 0.0;
    for (var n = c; n < P.count; n += P.columns) {
      s += partial[(b * P.count + n) * P.width + k];
    }
    column[idx * P.width + k] = s;
  }
}
