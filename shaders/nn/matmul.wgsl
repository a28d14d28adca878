// Batched matmul C[b] = op(A[b]) op(B[b]) (+ bias), register-tiled: each thread computes a 4x4 block of C.
// Out-of-range rows/columns are clamped for loading (no branches in the inner loop) and skipped when storing.
struct Params {
  M: u32,
  N: u32,
  K: u32,
  // Element offsets between consecutive batch entries (0 broadcasts an operand over the batch).
  batch_stride_a: u32,
  batch_stride_b: u32,
  batch_stride_c: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> C: array<f32>;

override TRANS_A: u32 = 0u; // A stored as [K, M]
override TRANS_B: u32 = 0u; // B stored as [N, K]
override BIAS_MODE: u32 = 0u; // 0: none, 1: bias[row], 2: bias[col]
override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

fn load_a(base: u32, row: u32, k: u32) -> f32 {
  if (TRANS_A == 1u) {
    return A[base + k * params.M + row];
  }
  return A[base + row * params.K + k];
}

fn load_b(base: u32, k: u32, col: u32) -> f32 {
  if (TRANS_B == 1u) {
    return B[base + col * params.K + k];
  }
  return B[base + k * params.N + col];
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col0 = gid.x * 4u;
  let row0 = gid.y * 4u;
  if (row0 >= params.M || col0 >= params.N) {
    return;
  }
  let base_a = gid.z * params.batch_stride_a;
  let base_b = gid.z * params.batch_stride_b;
  let base_c = gid.z * params.batch_stride_c;
  let last_row = params.M - 1u;
  let last_col = params.N - 1u;
  let r = vec4u(row0, min(row0 + 1u, last_row), min(row0 + 2u, last_row), min(row0 + 3u, last_row));
  let c = vec4u(col0, min(col0 + 1u, last_col), min(col0 + 2u, last_col), min(col0 + 3u, last_col));

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var k = 0u; k < params.K; k++) {
    let b = vec4f(load_b(base_b, k, c.x), load_b(base_b, k, c.y), load_b(base_b, k, c.z), load_b(base_b, k, c.w));
    acc0 += load_a(base_a, r.x, k) * b;
    acc1 += load_a(base_a, r.y, k) * b;
    acc2 += load_a(base_a, r.z, k) * b;
    acc3 += load_a(base_a, r.w, k) * b;
  }

  store_row(base_c, row0, col0, acc0);
  store_row(base_c, row0 + 1u, col0, acc1);
  store_row(base_c, row0 + 2u, col0, acc2);
  store_row(base_c, row0 + 3u, col0, acc3);
}

fn store_row(base_c: u32, row: u32, col0: u32, values: vec4f) {
  if (row >= params.M) {
    return;
  }
  for (var j = 0u; j < 4u; j++) {
    let col = col0 + j;
    if (col < params.N) {
      var v = values[j];
      if (BIAS_MODE == 1u) {
        v += bias[row];
      } else if (BIAS_MODE == 2u) {
        v += bias[col];
      }
      C[base_c + row * params.N + col] = activate(v);
    }
  }
}
