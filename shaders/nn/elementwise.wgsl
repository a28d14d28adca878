// out = alpha * op(a, b) with NumPy broadcasting over a rank-4 (left-padded) output; an operand's stride is 0
// along the axes it is broadcast over. OP: 0 add, 1 sub, 2 mul, 3 div, 4 expand (out = alpha * a; b unused).
// Entry points:
// - binary: one thread per output value, any broadcast;
// - binary_rows4: four consecutive outputs along the last axis per thread (needs dims.w % 4 == 0 and each
//   operand's last stride 0 or 1); the per-channel, per-sample, scalar and mask cases all qualify;
// - binary_vec4: same-shape operands with a length that is a multiple of 4 (pure vec4 loads and stores).
struct Params {
  dims: vec4u,
  a_strides: vec4u,
  b_strides: vec4u,
  // Values (binary), groups of four values (binary_rows4, binary_vec4).
  n: u32,
  alpha: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> a4: array<vec4f>;
@group(0) @binding(2) var<storage, read> b4: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> out4: array<vec4f>;

override OP: u32 = 0u;
override WG: u32 = 256u;

fn apply(x: vec4f, y: vec4f) -> vec4f {
  switch OP {
    case 0u: {
      return params.alpha * (x + y);
    }
    case 1u: {
      return params.alpha * (x - y);
    }
    case 2u: {
      return params.alpha * (x * y);
    }
    case 3u: {
      return params.alpha * (x / y);
    }
    default: {
      return params.alpha * x;
    }
  }
}

fn coords(i: u32) -> vec4u {
  let d = params.dims;
  let c3 = i % d.w;
  let rest3 = i / d.w;
  let c2 = rest3 % d.z;
  let rest2 = rest3 / d.z;
  return vec4u(rest2 / d.y, rest2 % d.y, c2, c3);
}

fn load4(offset: u32, contiguous: bool, from_a: bool) -> vec4f {
  if (from_a) {
    if (contiguous) {
      return vec4f(a[offset], a[offset + 1u], a[offset + 2u], a[offset + 3u]);
    }
    return vec4f(a[offset]);
  }
  if (contiguous) {
    return vec4f(b[offset], b[offset + 1u], b[offset + 2u], b[offset + 3u]);
  }
  return vec4f(b[offset]);
}

@compute @workgroup_size(WG)
fn binary(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flat_index(gid, groups, WG);
  if (i >= params.n) {
    return;
  }
  let c = coords(i);
  let x = a[dot(c, params.a_strides)];
  var y = 0.0;
  if (OP != 4u) {
    y = b[dot(c, params.b_strides)];
  }
  out[i] = apply(vec4f(x), vec4f(y)).x;
}

@compute @workgroup_size(WG)
fn binary_rows4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i4 = flat_index(gid, groups, WG);
  if (i4 >= params.n) {
    return;
  }
  let c = coords(i4 * 4u);
  let x = load4(dot(c, params.a_strides), params.a_strides.w == 1u, true);
  var y = vec4f(0.0);
  if (OP != 4u) {
    y = load4(dot(c, params.b_strides), params.b_strides.w == 1u, false);
  }
  out4[i4] = apply(x, y);
}

@compute @workgroup_size(WG)
fn binary_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i4 = flat_index(gid, groups, WG);
  if (i4 < params.n) {
    out4[i4] = apply(a4[i4], b4[i4]);
  }
}
