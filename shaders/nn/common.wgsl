// Shared helpers, prepended to every engine kernel by the pipeline cache (src/engine/webgpu/pipelines.ts).
// Conventions for every kernel: binding 0 is the uniform parameter struct, then the read-only inputs in order,
// then the read_write outputs. 1-D launches may spread over x and y (65535 workgroups per dimension), so flat
// thread indices come from flat_index().

// Flat thread index of a launch made with WebGpuBackend.grid1d (x-major over the x and y workgroup dimensions).
fn flat_index(gid: vec3u, num_groups: vec3u, workgroup_size_x: u32) -> u32 {
  return gid.x + gid.y * num_groups.x * workgroup_size_x;
}

// Ceiling division for unsigned sizes.
fn ceil_div(a: u32, b: u32) -> u32 {
  return (a + b - 1u) / b;
}
