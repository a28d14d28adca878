// Pointwise activations, forward and backward, selected by the KIND override (one pipeline per activation).
// KIND: 0 relu, 1 leaky_relu, 2 tanh, 3 sigmoid, 4 softplus (beta 1, threshold 20), as in PyTorch.
// The *_vec4 entry points process four values per thread and need n % 4 == 0 (params.n then counts vec4s);
// the scalar ones serve every other length.
struct Params {
  n: u32,
  slope: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4f>;
// Backward: binding 1 is the forward input, binding 2 the output gradient, binding 3 the input gradient.
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<storage, read> dy4: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> dx4: array<vec4f>;

override KIND: u32 = 0u;
override WG: u32 = 256u;

const SOFTPLUS_THRESHOLD = 20.0;
// tanh saturates to +-1 in f32 beyond |v| = 9.1; clamping keeps exp-based implementations from inf/inf = NaN.
const TANH_CLAMP = 15.0;

fn sigmoid4(v: vec4f) -> vec4f {
  // exp(-v) may overflow to inf for v < -88; 1 / (1 + inf) = 0 is the right limit.
  return 1.0 / (1.0 + exp(-v));
}

fn activate(v: vec4f) -> vec4f {
  switch KIND {
    case 0u: {
      return max(v, vec4f(0.0));
    }
    case 1u: {
      return select(params.slope * v, v, v > vec4f(0.0));
    }
    case 2u: {
      return tanh(clamp(v, vec4f(-TANH_CLAMP), vec4f(TANH_CLAMP)));
    }
    case 3u: {
      return sigmoid4(v);
    }
    default: {
      let soft = max(v, vec4f(0.0)) + log(1.0 + exp(-abs(v)));
      return select(soft, v, v > vec4f(SOFTPLUS_THRESHOLD));
    }
  }
}

// d activation / dx at v (left derivative 0 / slope at v = 0 for relu / leaky_relu, as PyTorch).
fn derivative(v: vec4f) -> vec4f {
  switch KIND {
    case 0u: {
      return select(vec4f(0.0), vec4f(1.0), v > vec4f(0.0));
    }
    case 1u: {
      return select(vec4f(params.slope), vec4f(1.0), v > vec4f(0.0));
    }
    case 2u: {
      let t = tanh(clamp(v, vec4f(-TANH_CLAMP), vec4f(TANH_CLAMP)));
      return 1.0 - t * t;
    }
    case 3u: {
      let s = sigmoid4(v);
      return s * (1.0 - s);
    }
    default: {
      return select(sigmoid4(v), vec4f(1.0), v > vec4f(SOFTPLUS_THRESHOLD));
    }
  }
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y[i] = activate(vec4f(x[i])).x;
  }
}

@compute @workgroup_size(WG)
fn forward_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y4[i] = activate(x4[i]);
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    dx[i] = derivative(vec4f(x[i])).x * dy[i];
  }
}

@compute @workgroup_size(WG)
fn backward_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    dx4[i] = derivative(x4[i]) * dy4[i];
  }
}
