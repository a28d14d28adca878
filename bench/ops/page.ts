/**
 * Browser side of bench:ops: our conv2d / conv_transpose2d forward against onnxruntime-web's WebGPU Conv on the
 * same GPUDevice (shared with ORT), same inputs and weights. The runner (run.ts) calls window.runOpsBench(config).
 */
import * as ort from 'onnxruntime-web/webgpu';
import { Tape } from '../../src/engine/autograd/tape';
import { createEngineDevice } from '../../src/engine/device';
import { conv2dForwardKernel, convTranspose2dForwardKernel } from '../../src/engine/ops/conv.kernels';
import { mse } from '../../src/engine/ops/loss';
import { matmulKernel } from '../../src/engine/ops/matmul.kernels';
import { Adam, METHOD_ADAM } from '../../src/engine/optim/adam';
import { Random } from '../../src/engine/random';
import type { Tensor } from '../../src/engine/tensor';
import { WebGpuBackend } from '../../src/engine/webgpu/backend';
import { EDDeconv } from '../../src/gan2shape/nets/edDeconv';
import { type BenchConfig, type BenchResult, type ConvShape, convFlops, outputSize, type ShapeResult } from './shapes';

declare global {
  interface Window {
    runOpsBench: (config: BenchConfig) => Promise<BenchResult>;
  }
}

const status = (text: string) => {
  (document.getElementById('status') as HTMLElement).textContent = text;
};

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Mean wall time of `reps` encodings of `run`, after two warm-up runs; GPU work is awaited. */
async function timeOurs(backend: WebGpuBackend, reps: number, run: () => Tensor): Promise<number> {
  for (let i = 0; i < 2; i++) run().release();
  await backend.finish();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run().release();
  await backend.finish();
  return (performance.now() - t0) / reps;
}

interface Backends {
  chosen: WebGpuBackend;
  register: WebGpuBackend;
  tiled: WebGpuBackend;
}

async function benchShape(
  backends: Backends,
  shape: ConvShape,
  index: number,
  config: BenchConfig,
): Promise<Omit<ShapeResult, 'fractionOfMatmul'>> {
  const backend = backends.chosen;
  const { batch, reps } = config;
  const device = backend.device;
  const xShape = [batch, shape.cin, shape.size, shape.size];
  const wShape =
    shape.kind === 'conv' ? [shape.cout, shape.cin, shape.k, shape.k] : [shape.cin, shape.cout, shape.k, shape.k];
  const xData = new Random(config.seed + 1000 + index).uniformArray(
    xShape.reduce((a, b) => a * b),
    -1,
    1,
  );
  const wData = new Random(config.seed + index).uniformArray(
    wShape.reduce((a, b) => a * b),
    -0.1,
    0.1,
  );
  const timeOn = async (b: WebGpuBackend): Promise<{ ms: number; values: Float32Array }> => {
    const x = b.fromArray(xData, xShape);
    const w = b.fromArray(wData, wShape);
    const run = () =>
      shape.kind === 'conv'
        ? conv2dForwardKernel([x, w], { stride: shape.stride, pad: shape.pad, bias: null })
        : convTranspose2dForwardKernel([x, w], { stride: shape.stride, pad: shape.pad, outputPadding: 0, bias: null });
    const ms = await timeOurs(b, reps, run);
    const out = run();
    const values = await b.readFloat32(out);
    out.release();
    x.release();
    w.release();
    return { ms, values };
  };
  const registerRun = await timeOn(backends.register);
  const tiledRun = await timeOn(backends.tiled);
  const chosenRun = backend === backends.tiled ? tiledRun : registerRun;
  const oursMs = chosenRun.ms;
  const oursValues = chosenRun.values;

  // ORT on the same device: input from a GPU buffer, output left on the GPU.
  const session = await ort.InferenceSession.create(decodeBase64(config.models[shape.name]), {
    executionProviders: [{ name: 'webgpu', device } as unknown as ort.InferenceSession.ExecutionProviderConfig],
    preferredOutputLocation: 'gpu-buffer',
  });
  const xBuffer = device.createBuffer({
    size: xData.length * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(xBuffer, 0, Float32Array.from(xData));
  const feed = { X: ort.Tensor.fromGpuBuffer(xBuffer, { dataType: 'float32', dims: xShape }) };
  const first = await session.run(feed);
  const ortValues = (await first.Y.getData()) as Float32Array;
  first.Y.dispose();
  for (let i = 0; i < 2; i++) (await session.run(feed)).Y.dispose();
  await device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) (await session.run(feed)).Y.dispose();
  await device.queue.onSubmittedWorkDone();
  const ortMs = (performance.now() - t0) / reps;
  await session.release();
  xBuffer.destroy();

  let maxAbsDiffVsOrt = 0;
  for (let i = 0; i < oursValues.length; i++)
    maxAbsDiffVsOrt = Math.max(maxAbsDiffVsOrt, Math.abs(oursValues[i] - ortValues[i]));
  if (ortValues.length !== oursValues.length)
    throw new Error(
      `${shape.name}: ORT output has ${ortValues.length} values, ours ${oursValues.length} (out ${outputSize(shape)}).`,
    );
  const gflops = convFlops(shape, batch) / (oursMs * 1e6);
  return {
    name: shape.name,
    oursMs,
    registerMs: registerRun.ms,
    tiledMs: tiledRun.ms,
    ortMs,
    ratio: oursMs / ortMs,
    gflops,
    maxAbsDiffVsOrt,
  };
}

async function benchMatmul(backend: WebGpuBackend, size: number, reps: number) {
  const random = new Random(size);
  const a = backend.fromArray(random.uniformArray(size * size, -1, 1), [size, size]);
  const b = backend.fromArray(random.uniformArray(size * size, -1, 1), [size, size]);
  const ms = await timeOurs(backend, reps, () => matmulKernel([a, b], {}));
  a.release();
  b.release();
  return { size, ms, gflops: (2 * size ** 3) / (ms * 1e6) };
}

/** Mean time of full training steps of the depth net (one tape, one flush per step, no readback inside). */
async function benchTrainStep(
  backend: WebGpuBackend,
  config: BenchConfig['trainStep'],
): Promise<BenchResult['trainStep']> {
  const size = 64;
  const random = new Random(5);
  // The method's depth net D at 64 px (nf 64 in the paper).
  const net = new EDDeconv(backend, new Random(3), {
    imageSize: size,
    outChannels: 1,
    nf: config.nf,
    outputActivation: 'none',
  });
  const adam = new Adam(net.parameters(), METHOD_ADAM);
  const x = backend.fromArray(random.uniformArray(config.batch * 3 * size * size, -1, 1), [
    config.batch,
    3,
    size,
    size,
  ]);
  const target = backend.fromArray(random.uniformArray(config.batch * size * size, -1, 1), [
    config.batch,
    1,
    size,
    size,
  ]);
  const step = () => {
    const tape = new Tape();
    const loss = tape.run(() => mse(net.forward(x), target));
    tape.backward(loss);
    adam.step();
    adam.zeroGrad();
    loss.keep();
    tape.free();
    backend.flush();
    return loss;
  };
  step().release();
  await backend.finish();
  const t0 = performance.now();
  for (let i = 0; i < config.reps; i++) step().release();
  await backend.finish();
  const ms = (performance.now() - t0) / config.reps;
  const last = step();
  const finalLoss = (await last.read())[0];
  last.release();
  const parameters = net.parameters().reduce((n, p) => n + p.size, 0);
  adam.dispose();
  net.release();
  x.release();
  target.release();
  return { batch: config.batch, nf: config.nf, size, parameters, ms, finalLoss };
}

window.runOpsBench = async (config: BenchConfig): Promise<BenchResult> => {
  ort.env.wasm.numThreads = 1;
  const engine = await createEngineDevice(navigator.gpu);
  // Workgroup-memory tiles pay off on GPUs; on software adapters barriers are emulated and registers win.
  const convKernel = engine.adapter.isSoftware ? 'register' : 'tiled';
  const register = new WebGpuBackend(engine.device, { convKernel: 'register' });
  const tiled = new WebGpuBackend(engine.device, { convKernel: 'tiled' });
  const backend = convKernel === 'tiled' ? tiled : register;
  const matmul = [];
  for (const size of config.matmulSizes) {
    status(`matmul ${size}`);
    matmul.push(await benchMatmul(backend, size, config.reps));
  }
  const bestMatmulGflops = Math.max(...matmul.map((m) => m.gflops));
  const shapes: ShapeResult[] = [];
  for (const [index, shape] of config.shapes.entries()) {
    status(shape.name);
    const r = await benchShape({ chosen: backend, register, tiled }, shape, index, config);
    shapes.push({ ...r, fractionOfMatmul: r.gflops / bestMatmulGflops });
  }
  const geomeanRatio = Math.exp(shapes.reduce((s, r) => s + Math.log(r.ratio), 0) / shapes.length);
  status('training step');
  const trainStep = await benchTrainStep(backend, config.trainStep);
  status('done');
  const { vendor, architecture, description, isSoftware } = engine.adapter;
  return {
    convKernel,
    adapter: { vendor, architecture, description, isSoftware },
    batch: config.batch,
    reps: config.reps,
    bestMatmulGflops,
    matmul,
    shapes,
    geomeanRatio,
    trainStep,
  };
};
status('ready');
