// The activation fused into a kernel's store (conv2d forward, matmul, the split-K sum), prepended to those kernels
// by src/engine/ops/matmul.kernels.ts withFusedActivation(); set by activationConstants().
// 0 none, 1 relu, 2 leaky_relu with negative slope SLOPE.
override ACT: u32 = 0u;
override SLOPE: f32 = 0.0;

fn activate(v: f32) -> f32 {
  if (ACT == 1u) {
    return max(v, 0.0);
  }
  if (ACT == 2u) {
    return select(SLOPE * v, v, v > 0.0);
  }
  return v;
}
