// Stage 2 of the per-batch sums: out[b, k] = sum over c of column[b, c, k], in column order. One thread per (b, k).
struct Params {
  views: u32,
  width: u32,
  columns: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> column: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= P.views * P.width) {
    return;
  }
  let b = idx / P.width;
  let k = idx % P.width;
  var s = 0.0;
  for (var c = 0u; c < P.columns; c++) {
    s += column[(b * P.columns + c) * P.width + k];
  }
  out[idx] = s;
}
