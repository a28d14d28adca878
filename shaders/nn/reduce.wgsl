// Sum over a set of axes of a rank-4 (left-padded) tensor, times `scale`, as a two-level reduction.
// The output index o walks the kept axes (out_dims, 1 on reduced axes), the reduction index r walks the reduced
// axes (red_dims, 1 on kept axes); element (o, r) sits at dot(coords(o) + coords(r), strides).
// One workgroup reduces `chunk_len` consecutive r of one output (a grid of num_out x chunks workgroups) and
// writes partial[o * chunks + chunk]; when chunks > 1 the host runs this kernel again on the partials viewed as
// [num_out, chunks] and reducing the last axis. Consecutive threads read consecutive r: coalesced when the
// reduced axes are the innermost ones (spatial, per-sample, all), and per contiguous row otherwise (per-channel).
struct Params {
  out_dims: vec4u,
  red_dims: vec4u,
  strides: vec4u,
  num_out: u32,
  num_red: u32,
  chunk_len: u32,
  chunks: u32,
  // Applied by the pass that writes final values (chunks == 1): 1 for sum, 1/count for mean, -1 to negate.
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;

override WG: u32 = 256u;
// True when the reduced axes are the trailing ones, so that the offset of r is r itself (no index arithmetic).
override TRAILING: u32 = 0u;

var<workgroup> sums: array<f32, WG>;

fn coords(i: u32, dims: vec4u) -> vec4u {
  let c3 = i % dims.w;
  let rest3 = i / dims.w;
  let c2 = rest3 % dims.z;
  let rest2 = rest3 / dims.z;
  return vec4u(rest2 / dims.y, rest2 % dims.y, c2, c3);
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  // Uniform per workgroup, so the early return keeps barriers in uniform control flow.
  let g = wid.x + wid.y * groups.x;
  if (g >= params.num_out * params.chunks) {
    return;
  }
  let o = g / params.chunks;
  let chunk = g % params.chunks;
  let base = dot(coords(o, params.out_dims), params.strides);
  let start = chunk * params.chunk_len;
  let stop = min(start + params.chunk_len, params.num_red);
  var acc = 0.0;
  for (var r = start + lid; r < stop; r += WG) {
    if (TRAILING == 1u) {
      acc += x[base + r];
    } else {
      acc += x[base + dot(coords(r, params.red_dims), params.strides)];
    }
  }
  sums[lid] = acc;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width /= 2u) {
    if (lid < width) {
      sums[lid] += sums[lid + width];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partial[g] = select(sums[0], sums[0] * params.scale, params.chunks == 1u);
  }
}
