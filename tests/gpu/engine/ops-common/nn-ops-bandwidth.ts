/**
 * Bandwidth benchmark of the nn op families (norm, activation, elementwise, reduce, resize, shape, loss) on the
 * method's batch-16 shapes. Not a test: run it on a real GPU through the standalone runner and read the table.
 * Each row times `iterations` back-to-back dispatch sequences between two queue drains and reports the time
 * per call and the effective bandwidth (bytes the op must move at least, divided by its time).
 */
import { activationBackwardKernel, activationForwardKernel } from '../../../../src/engine/ops/activation.kernels';
import { binaryKernel } from '../../../../src/engine/ops/elementwise.kernels';
import { maskedL1Kernel, smoothnessKernel } from '../../../../src/engine/ops/loss.kernels';
import { groupNormBackwardKernel, groupNormForwardKernel } from '../../../../src/engine/ops/norm.kernels';
import { sumAxesKernel } from '../../../../src/engine/ops/reduce.kernels';
import { resizeBackwardKernel, resizeForwardKernel } from '../../../../src/engine/ops/resize.kernels';
import { copyAxisKernel } from '../../../../src/engine/ops/shape.kernels';
import { Random } from '../../../../src/engine/random';
import { type Shape, sizeOf } from '../../../../src/engine/shape';
import { Tensor } from '../../../../src/engine/tensor';
import type { WebGpuBackend } from '../../../../src/engine/webgpu/backend';

export interface BandwidthRow {
  op: string;
  shape: string;
  microseconds: number;
  gbPerSecond: number;
}

/** Whatever a kernel returns: a tensor, tensors in an array or an object, or nothing (in-place kernels). */
type Outputs = unknown;

function releaseAll(out: Outputs): void {
  if (out instanceof Tensor) out.release();
  else if (Array.isArray(out)) for (const t of out) releaseAll(t);
  else if (out && typeof out === 'object') for (const t of Object.values(out)) releaseAll(t);
}

/**
 * `batch` scales every shape: 16 is the method's batch (small tensors, so per-dispatch host overhead shows);
 * a large batch such as 256 makes the rows bandwidth-bound on a real GPU.
 */
export async function runNnOpsBandwidth(backend: WebGpuBackend, iterations = 50, batch = 16): Promise<BandwidthRow[]> {
  const random = new Random(7);
  const made: Tensor[] = [];
  const tensor = (shape: Shape, low = -1, high = 1) => {
    const t = backend.fromArray(random.uniformArray(sizeOf(shape), low, high), shape);
    made.push(t);
    return t;
  };
  const rows: BandwidthRow[] = [];
  const time = async (op: string, shape: Shape, bytes: number, run: () => Outputs) => {
    for (let i = 0; i < 3; i++) releaseAll(run());
    await backend.finish();
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) releaseAll(run());
    await backend.finish();
    const seconds = (performance.now() - t0) / 1000 / iterations;
    rows.push({ op, shape: `[${shape.join(',')}]`, microseconds: seconds * 1e6, gbPerSecond: bytes / seconds / 1e9 });
  };

  const f = 4;
  for (const [c, h, groups] of [
    [64, 32, 16],
    [128, 16, 32],
    [256, 8, 64],
  ]) {
    const shape = [batch, c, h, h];
    const n = sizeOf(shape);
    const x = tensor(shape);
    const gamma = tensor([c], 0.5, 1.5);
    const beta = tensor([c]);
    const dy = tensor(shape);
    await time('group_norm fwd', shape, 3 * n * f, () => groupNormForwardKernel([x, gamma, beta], { groups }));
    await time('group_norm+leaky fwd', shape, 3 * n * f, () =>
      groupNormForwardKernel([x, gamma, beta], { groups, activation: 'leaky_relu', slope: 0.2 }),
    );
    const { y, stats } = groupNormForwardKernel([x, gamma, beta], { groups });
    y.release();
    made.push(stats);
    await time('group_norm bwd', shape, 5 * n * f, () => groupNormBackwardKernel([x, x, gamma, stats, dy], { groups }));
  }

  const act = [batch, 64, 32, 32];
  const xa = tensor(act);
  const dya = tensor(act);
  const na = sizeOf(act);
  await time('leaky_relu fwd', act, 2 * na * f, () =>
    activationForwardKernel([xa], { kind: 'leaky_relu', slope: 0.2 }),
  );
  await time('leaky_relu bwd', act, 3 * na * f, () =>
    activationBackwardKernel([xa, dya], { kind: 'leaky_relu', slope: 0.2 }),
  );
  await time('tanh fwd', act, 2 * na * f, () => activationForwardKernel([xa], { kind: 'tanh', slope: 0 }));

  const bias = tensor([1, 64, 1, 1]);
  await time('add same shape', act, 3 * na * f, () => binaryKernel([xa, dya], { op: 'add' }));
  await time('mul per-channel', act, 2 * na * f, () => binaryKernel([xa, bias], { op: 'mul' }));
  const odd = [batch, 64, 31, 31];
  const xo = tensor(odd);
  await time('mul per-channel (W 31)', odd, 2 * sizeOf(odd) * f, () => binaryKernel([xo, bias], { op: 'mul' }));
  await time('sum per-channel', act, na * f, () => sumAxesKernel([xa], { axes: [0, 2, 3], scale: 1, keepDims: false }));
  await time('sum all', act, na * f, () => sumAxesKernel([xa], { scale: 1, keepDims: false }));
  await time('sum spatial', act, na * f, () => sumAxesKernel([xa], { axes: [2, 3], scale: 1, keepDims: false }));

  await time('nearest x2 fwd', act, 5 * na * f, () => resizeForwardKernel([xa], { mode: 'nearest2x' }));
  const up = tensor([batch, 64, 64, 64]);
  await time('nearest x2 bwd', act, 5 * na * f, () =>
    resizeBackwardKernel([up], { mode: 'nearest2x', inputShape: act }),
  );
  await time('avg_pool 2x2 fwd', [batch, 64, 64, 64], 5 * na * f, () =>
    resizeForwardKernel([up], { mode: 'avgpool2' }),
  );
  const img = [batch, 3, 128, 128];
  const xi = tensor(img);
  const ni = sizeOf(img);
  await time('bilinear 128->64', img, 1.25 * ni * f, () =>
    resizeForwardKernel([xi], { mode: 'bilinear', outH: 64, outW: 64 }),
  );
  await time('area 128->64', img, 1.25 * ni * f, () => resizeForwardKernel([xi], { mode: 'area', outH: 64, outW: 64 }));

  const cat = [batch, 128, 32, 32];
  await time('concat channel 64+64', cat, 2 * sizeOf(cat) * f, () => {
    const out = backend.empty(cat);
    copyAxisKernel([xa, out], { axis: 1, srcStart: 0, dstStart: 0, count: 64 });
    copyAxisKernel([dya, out], { axis: 1, srcStart: 0, dstStart: 64, count: 64 });
    return out;
  });

  const rgb = [batch, 3, 64, 64];
  const a = tensor(rgb);
  const b = tensor(rgb);
  const m = tensor([batch, 1, 64, 64], 0, 1);
  await time('masked L1 fwd', rgb, (2 * sizeOf(rgb) + sizeOf([batch, 1, 64, 64])) * f, () =>
    maskedL1Kernel([a, b, m], {}),
  );
  const depth = tensor([batch, 1, 64, 64]);
  await time('smoothness fwd', [batch, 1, 64, 64], sizeOf([batch, 1, 64, 64]) * f, () => smoothnessKernel([depth], {}));

  for (const t of made) t.release();
  return rows;
}
