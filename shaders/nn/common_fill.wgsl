// Backend primitive: fill a flat float32 array with one value.
struct Params {
  n: u32,
  value: f32,
}

@group(0) @binding(0) var<uniform> params: Params;

override WG: u32 = 256;

@group(0) @binding(1) var<storage, read_write> fill_target: array<f32>;

@compute @workgroup_size(WG)
fn fill(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i < params.n) {
    fill_target[i] = params.value;
  }
}
