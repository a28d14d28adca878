// The foundation's trivial compute: y[i] = a * x[i] + b. Proves the device, pipelines and readback work.
struct Params {
  n: u32,
  a: f32,
  b: f32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

override WORKGROUP_SIZE: u32 = 64;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.n) {
    return;
  }
  y[i] = params.a * x[i] + params.b;
}
