/**
 * Float64 reference for matmul and linear (the oracle for the WGSL kernels, and the cpu backend's kernels).
 *
 * matmul: C[M,N] = op(A) op(B), op(A)[m,k] = transA ? A[k,m] : A[m,k], op(B)[k,n] = transB ? B[n,k] : B[k,n].
 * linear (PyTorch nn.Linear): y[M,N] = x[M,K] W[N,K]^T + bias[N].
 *   dx = dy W          (M x N times N x K)
 *   dW = dy^T x        (N x M times M x K)
 *   dbias[n] = sum_m dy[m,n]   (reference/sum.ts)
 */
export interface MatmulDims {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

export function matmul(a: Float64Array, b: Float64Array, d: MatmulDims): Float64Array {
  const { m, k, n, transA, transB } = d;
  if (a.length !== m * k || b.length !== k * n) throw new Error('matmul: operand sizes do not match the dimensions.');
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        const bv = transB ? b[j * k + p] : b[p * n + j];
        sum += av * bv;
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}

export function linearForward(
  x: Float64Array,
  w: Float64Array,
  bias: Float64Array | null,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const y = matmul(x, w, { m, k, n, transA: false, transB: true });
  if (bias) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i * n + j] += bias[j];
  }
  return y;
}

export function linearBackwardInput(dy: Float64Array, w: Float64Array, m: number, k: number, n: number): Float64Array {
  return matmul(dy, w, { m, k: n, n: k, transA: false, transB: false });
}

export function linearBackwardWeight(dy: Float64Array, x: Float64Array, m: number, k: number, n: number): Float64Array {
  return matmul(dy, x, { m: n, k: m, n: k, transA: true, transB: false });
}
