// One fused Adam step (PyTorch semantics, coupled weight decay) for one parameter tensor. The parameter and the
// moments are bound only as read_write outputs and the gradient only as input, so no buffer is bound twice.
struct Params {
  n: u32,
  lr_over_bc1: f32, // lr / (1 - beta1^t)
  inv_sqrt_bc2: f32, // 1 / sqrt(1 - beta2^t)
  beta1: f32,
  beta2: f32,
  eps: f32,
  weight_decay: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i >= params.n) {
    return;
  }
  let p = param[i];
  let g = grad[i] + params.weight_decay * p;
  let m1 = params.beta1 * m[i] + (1.0 - params.beta1) * g;
  let v1 = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
  m[i] = m1;
  v[i] = v1;
  param[i] = p - params.lr_over_bc1 * m1 / (sqrt(v1) * params.inv_sqrt_bc2 + params.eps);
}
