// StyleGAN2's fused bias + leaky ReLU: y = leaky_relu(x + bias[c], slope) * gain on x viewed as
// [outer, channels, inner] (bias per channel; HAS_BIAS 0 skips it). `backward` gives dx = gy * gain *
// (pre > 0 ? 1 : slope) with pre recomputed from x and the bias (left derivative at 0, as PyTorch).
// The *_vec4 entry points handle four values per thread and need inner % 4 == 0 (all four share one channel);
// params.n then counts vec4s. The float64 twin is src/gan/engine/ops/fusedLeakyRelu.reference.ts.
struct Params {
  n: u32,
  channels: u32,
  inner: u32,   // in vec4s for the *_vec4 entry points
  slope: f32,
  gain: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4f>;
// Backward: binding 3 is the output gradient (read), binding 4 the input gradient.
@group(0) @binding(3) var<storage, read> gy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<storage, read> gy4: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> dx4: array<vec4f>;

override HAS_BIAS: u32 = 1u;
override WG: u32 = 256u;

fn channel_bias(i: u32) -> f32 {
  if (HAS_BIAS == 1u) {
    return bias[(i / params.inner) % params.channels];
  }
  return 0.0;
}

fn activate(pre: vec4f) -> vec4f {
  return select(params.slope * pre, pre, pre > vec4f(0.0)) * params.gain;
}

fn slope_factor(pre: vec4f) -> vec4f {
  return select(vec4f(params.slope), vec4f(1.0), pre > vec4f(0.0)) * params.gain;
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y[i] = activate(vec4f(x[i] + channel_bias(i))).x;
  }
}

@compute @workgroup_size(WG)
fn forward_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y4[i] = activate(x4[i] + vec4f(channel_bias(i)));
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    dx[i] = slope_factor(vec4f(x[i] + channel_bias(i))).x * gy[i];
  }
}

@compute @workgroup_size(WG)
fn backward_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    dx4[i] = slope_factor(x4[i] + vec4f(channel_bias(i))) * gy4[i];
  }
}
