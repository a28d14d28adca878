/**
 * The method's V/L Encoder and latent-offset ResEncoder on WebGPU vs the float64 cpu backend: forward, input and
 * every parameter gradient, with the PyTorch golden weights of tests/fixtures/gan2shape/nets.json (float32 values,
 * so both backends start from identical weights); and no pool buffer left in use afterwards.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { tidy } from '../../../src/engine/autograd/tidy';
import type { Backend } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import type { Module } from '../../../src/engine/nn/module';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';
import { canonicalDepth } from '../../../src/gan2shape/method/depth';
import { lightFromNet, viewFromNet } from '../../../src/gan2shape/method/viewLight';
import { Encoder } from '../../../src/gan2shape/nets/encoder';
import { ResEncoder } from '../../../src/gan2shape/nets/resEncoder';
import { caseState, type GoldenCase, readNetsFixture } from '../../fixtures/gan2shape/netsFixture';
import { checkParity, getTestBackend } from '../engine/parity';

type Net = Module & { forward(x: Tensor): Tensor };

const BATCH = 2;

function build(backend: Backend, c: GoldenCase): Net {
  const random = new Random(0);
  const options = { imageSize: c.size, nf: c.nf, outChannels: c.cout };
  const net = c.net === 'Encoder' ? new Encoder(backend, random, options) : new ResEncoder(backend, random, options);
  net.importState(caseState(c));
  return net;
}

/** Batch-2 input and upstream gradient: the fixture's for its batch-2 cases, else seeded float32 values. */
function data(c: GoldenCase): { x: Float64Array; g: Float64Array } {
  if (c.batch === BATCH) return { x: c.input.data, g: c.upstream.data };
  const random = new Random(c.size + c.cout);
  const f32 = (n: number) => random.uniformArray(n, -1, 1).map(Math.fround);
  return { x: f32(BATCH * 3 * c.size * c.size), g: f32(BATCH * c.cout) };
}

interface RunResult {
  output: Float64Array;
  grads: Map<string, Float64Array>;
}

async function run(backend: Backend, c: GoldenCase, onFreed?: (net: Net) => void): Promise<RunResult> {
  const net = build(backend, c);
  const { x: xData, g } = data(c);
  const x = backend.fromArray(xData, [BATCH, 3, c.size, c.size]);
  x.requiresGrad = true;
  const upstream = backend.fromArray(g, [BATCH, c.cout]);
  const tape = new Tape();
  const y = tape.run(() => net.forward(x));
  tape.backward(y, upstream);
  const output = await y.read();
  tape.free();
  const grads = new Map<string, Float64Array>();
  grads.set('input', await (x.grad as Tensor).read());
  for (const [name, p] of net.namedParameters()) grads.set(name, await (p.grad as Tensor).read());
  x.grad?.release();
  for (const t of [x, upstream]) t.release();
  for (const p of net.parameters()) {
    p.grad?.release();
    p.grad = null;
  }
  onFreed?.(net);
  net.release();
  return { output, grads };
}

/** max |gpu - ref| relative to max |ref| of the tensor (float32 sums over many terms: judge at the tensor's scale). */
function scaledError(gpu: Float64Array, ref: Float64Array): { abs: number; scale: number } {
  let abs = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    abs = Math.max(abs, Math.abs(gpu[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return { abs, scale };
}

describe('Encoder / ResEncoder: WebGPU vs float64 (golden PyTorch weights, batch 2)', () => {
  it.each(readNetsFixture().cases)('$name: forward, input and parameter gradients', async (c) => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const cpu = new CpuBackend();
    const ref = await run(cpu, c);
    let inUseWithNet = -1;
    const got = await run(gpu, c, (net) => {
      // Tape freed, grads released: only the parameters remain.
      inUseWithNet = gpu.pool.stats().inUseBuffers - inUse - net.parameters().length;
    });
    expect(inUseWithNet, 'buffers in use besides the parameters after tape.free()').toBe(0);
    expect(gpu.pool.stats().inUseBuffers, 'leaked pool buffers').toBe(inUse);
    expect(cpu.liveTensors).toBe(0);

    if (c.batch === BATCH) {
      // The cpu run reproduces PyTorch (unit test); check the fixture wiring here too.
      const golden = scaledError(ref.output, c.output.data);
      expect(golden.abs).toBeLessThan(1e-12);
    }
    const lines: string[] = [];
    const out = scaledError(got.output, ref.output);
    lines.push(`output: max abs ${out.abs.toExponential(2)} (max |ref| ${out.scale.toExponential(2)})`);
    expect(out.abs).toBeLessThan(1e-5 * Math.max(1, out.scale));
    for (const [name, refGrad] of ref.grads) {
      const e = scaledError(got.grads.get(name) as Float64Array, refGrad);
      lines.push(`grad ${name}: max abs ${e.abs.toExponential(2)} (max |ref| ${e.scale.toExponential(2)})`);
      expect(e.scale, `${name} gradient is not vacuous`).toBeGreaterThan(1e-3);
      expect(e.abs, name).toBeLessThan(1e-5 * Math.max(1, e.scale));
    }
    console.log(`${c.name} webgpu vs float64:\n${lines.join('\n')}`);
  });

  it('zeroLast Encoder outputs exactly 0 on WebGPU', async () => {
    const gpu = await getTestBackend();
    const inUse = gpu.pool.stats().inUseBuffers;
    const net = new Encoder(gpu, new Random(3), { imageSize: 16, nf: 4, outChannels: 4 });
    const x = gpu.fromArray(new Random(4).uniformArray(BATCH * 3 * 16 * 16, -1, 1), [BATCH, 3, 16, 16]);
    const y = tidy(() => net.forward(x));
    expect([...(await y.read())]).toEqual(new Array(BATCH * 4).fill(0));
    for (const t of [x, y]) t.release();
    net.release();
    expect(gpu.pool.stats().inUseBuffers).toBe(inUse);
  });
});

describe('view / light mappings and canonical depth: WebGPU vs float64', () => {
  it.each([
    ['viewFromNet', [3, 6], (raw: Tensor) => viewFromNet(raw, [0.1, -0.2, 0.05, 0.3, -0.1, 0.2])],
    ['lightFromNet', [3, 4], (raw: Tensor) => lightFromNet(raw, [0.2, -0.1, 0.4, -0.3])],
    ['canonicalDepth', [2, 1, 5, 9], (raw: Tensor) => canonicalDepth(raw)],
  ] as const)('%s %j', async (_name, shape, fn) => {
    const r = await checkParity({ inputs: [{ shape: [...shape], low: -2, high: 2 }], forward: ([raw]) => fn(raw) });
    expect(r.ok, r.report).toBe(true);
  });
});
