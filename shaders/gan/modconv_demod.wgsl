// Demodulation coefficients of StyleGAN2's non-fused modulated conv (src/gan/engine/ops/modconvDemod.reference.ts):
// d[n,o] = rsqrt(sum_i s[n,i]^2 E[o,i] + eps) with the frozen weight energy E [O, I]; backward gives ds only.
// One thread per output value; the loops run over at most a few hundred channels.
struct Params {
  batch: u32,
  in_channels: u32,
  out_channels: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> style: array<f32>;
@group(0) @binding(2) var<storage, read> energy: array<f32>;

override WG: u32 = 64u;

// ---- forward: d [N, O] ----
@group(0) @binding(3) var<storage, read_write> d_out: array<f32>;

@compute @workgroup_size(WG)
fn demod_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.batch * params.out_channels) {
    return;
  }
  let n = idx / params.out_channels;
  let o = idx % params.out_channels;
  let ci = params.in_channels;
  var q = 0.0;
  for (var i = 0u; i < ci; i++) {
    let s = style[n * ci + i];
    q += s * s * energy[o * ci + i];
  }
  d_out[idx] = inverseSqrt(q + params.eps);
}

// ---- backward: ds [N, I] from d (forward output) and the upstream gradient g [N, O] ----
@group(0) @binding(3) var<storage, read> d_in: array<f32>;
@group(0) @binding(4) var<storage, read> g: array<f32>;
@group(0) @binding(5) var<storage, read_write> ds: array<f32>;

@compute @workgroup_size(WG)
fn demod_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  if (idx >= params.batch * params.in_channels) {
    return;
  }
  let n = idx / params.in_channels;
  let i = idx % params.in_channels;
  let co = params.out_channels;
  var acc = 0.0;
  for (var o = 0u; o < co; o++) {
    let dv = d_in[n * co + o];
    acc += g[n * co + o] * dv * dv * dv * energy[o * params.in_channels + i];
  }
  ds[idx] = -style[idx] * acc;
}
