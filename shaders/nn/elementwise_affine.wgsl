// y = scale * x + shift with scalar constants (loss weights, 1 + 0.1 * tanh(d), negation).
// affine_vec4 needs a length that is a multiple of 4 (params.n then counts vec4s).
struct Params {
  n: u32,
  scale: f32,
  shift: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4f>;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn affine(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y[i] = params.scale * x[i] + params.shift;
  }
}

@compute @workgroup_size(WG)
fn affine_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    y4[i] = params.scale * x4[i] + params.shift;
  }
}
