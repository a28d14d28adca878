/**
 * The method's V/L Encoder and latent-offset ResEncoder against PyTorch (tests/fixtures/gan2shape/nets.json from
 * tools/gan2shape/golden_nets.py: layouts, parameter counts, outputs and gradients), finite differences through
 * the nets and through the view/light/depth mappings, and the zero-initialised last layer.
 */
import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { tidy } from '../../../src/engine/autograd/tidy';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import type { Module } from '../../../src/engine/nn/module';
import { Random } from '../../../src/engine/random';
import { type Shape, sizeOf } from '../../../src/engine/shape';
import type { Tensor } from '../../../src/engine/tensor';
import { BORDER_COLUMNS, BORDER_DEPTH, canonicalDepth, depthFromRaw } from '../../../src/gan2shape/method/depth';
import {
  lightFromNet,
  lightFromNetValues,
  viewFromNet,
  viewFromNetValues,
} from '../../../src/gan2shape/method/viewLight';
import { Encoder } from '../../../src/gan2shape/nets/encoder';
import { ResEncoder } from '../../../src/gan2shape/nets/resEncoder';
import { caseState, type GoldenArray, readNetsFixture } from '../../fixtures/gan2shape/netsFixture';
import { checkGradients } from '../engine/fd';

type Net = Module & { forward(x: Tensor): Tensor };

interface NetSpec {
  net: 'Encoder' | 'ResEncoder';
  size: number;
  nf: number;
  cout: number;
}

function build(backend: CpuBackend, spec: NetSpec, seed = 0, zeroLast = false): Net {
  const random = new Random(seed);
  const { size: imageSize, nf, cout: outChannels } = spec;
  return spec.net === 'Encoder'
    ? new Encoder(backend, random, { imageSize, nf, outChannels, zeroLast })
    : new ResEncoder(backend, random, { imageSize, nf, outChannels });
}

function parameterCount(net: Module): number {
  return net.parameters().reduce((n, p) => n + sizeOf(p.shape), 0);
}

/** max |got - want| and max |got - want| / max(|want|, floor). */
function errors(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-3): { abs: number; rel: number } {
  expect(got.length).toBe(want.length);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(want[i]), floor));
  }
  return { abs, rel };
}

const { cases, paper } = readNetsFixture();
// The golden runs in float64 on float32-representable weights and inputs, so float64 results agree to rounding.
const GOLDEN_RTOL = 1e-10;

describe('Encoder and ResEncoder vs PyTorch (tools/gan2shape/nets.py golden fixture)', () => {
  it.each(cases)('$name: parameter names, shapes and count equal PyTorch state_dict', (c) => {
    const backend = new CpuBackend();
    const net = build(backend, c);
    expect(net.namedParameters().map(([name, t]) => [name, [...t.shape]])).toEqual(
      c.state.map(({ name, value }) => [name, value.shape]),
    );
    expect(parameterCount(net)).toBe(c.parameterCount);
    net.release();
    expect(backend.liveTensors).toBe(0);
  });

  it.each(cases)('$name: output with the golden weights equals PyTorch', (c) => {
    const backend = new CpuBackend();
    const net = build(backend, c);
    net.importState(caseState(c));
    const x = backend.fromArray(c.input.data, c.input.shape);
    const y = tidy(() => net.forward(x));
    expect(y.shape).toEqual(c.output.shape);
    const e = errors(backend.data(y), c.output.data);
    console.log(`${c.name} output vs PyTorch: max abs ${e.abs.toExponential(2)}, max rel ${e.rel.toExponential(2)}`);
    expect(e.rel).toBeLessThan(GOLDEN_RTOL);
    for (const t of [x, y]) t.release();
    net.release();
    expect(backend.liveTensors).toBe(0);
  });

  it.each(cases.filter((c) => c.gradInput))('$name: input and parameter gradients equal PyTorch', (c) => {
    const backend = new CpuBackend();
    const net = build(backend, c);
    net.importState(caseState(c));
    const x = backend.fromArray(c.input.data, c.input.shape);
    x.requiresGrad = true;
    const upstream = backend.fromArray(c.upstream.data, c.upstream.shape);
    const tape = new Tape();
    const y = tape.run(() => net.forward(x));
    tape.backward(y, upstream);
    tape.free();
    const lines: string[] = [];
    const compare = (what: string, got: Tensor | null, want: GoldenArray) => {
      expect(got, `${what} has a gradient`).not.toBeNull();
      const scale = Math.max(...want.data.map(Math.abs));
      const e = errors(backend.data(got as Tensor), want.data, scale);
      lines.push(`${what}: max abs ${e.abs.toExponential(2)} (max |grad| ${scale.toExponential(2)})`);
      expect(e.rel, what).toBeLessThan(GOLDEN_RTOL);
    };
    compare('input', x.grad, c.gradInput as GoldenArray);
    const params = new Map(net.namedParameters());
    for (const { name, value } of c.gradState ?? []) compare(name, params.get(name)?.grad ?? null, value);
    console.log(`${c.name} gradients vs PyTorch:\n${lines.join('\n')}`);
    x.grad?.release();
    for (const t of [x, upstream]) t.release();
    net.release();
    expect(backend.liveTensors).toBe(0);
  });

  it.each(paper)('paper size $net S=$size nf=$nf cout=$cout: layout and count equal PyTorch', (p) => {
    const backend = new CpuBackend();
    const net = build(backend, p);
    expect(net.namedParameters().map(([name, t]) => [name, [...t.shape]])).toEqual(p.parameters);
    expect(parameterCount(net)).toBe(p.parameterCount);
    net.release();
  });

  it('paper sizes: V/L about 7.0M parameters, E about 13.8M (method-reference section 2)', () => {
    const count = (net: string, size: number, nf: number) =>
      paper.find((p) => p.net === net && p.size === size && p.nf === nf)?.parameterCount ?? 0;
    expect(count('Encoder', 128, 32) / 1e6).toBeCloseTo(7.0, 1);
    expect(count('Encoder', 64, 64) / 1e6).toBeCloseTo(7.0, 1);
    expect(count('ResEncoder', 128, 32) / 1e6).toBeCloseTo(13.8, 1);
  });

  it('reject image sizes without a whole number of levels down to 4x4', () => {
    const backend = new CpuBackend();
    for (const size of [8, 48])
      for (const net of ['Encoder', 'ResEncoder'] as const)
        expect(() => build(backend, { net, size, nf: 4, cout: 4 })).toThrow(/power of two/);
  });
});

/**
 * Central differences with respect to a few random coordinates of every parameter of a module (checkGradients
 * perturbs only the forward's inputs, which a module's parameters are not). Same objective as checkGradients:
 * sum(G * net(x)) with a random upstream gradient G.
 */
function checkParameterGradients(net: Net, inputShape: Shape, perTensor = 4, seed = 11) {
  const backend = net.backend as CpuBackend;
  const random = new Random(seed);
  const x = backend.fromArray(random.uniformArray(sizeOf(inputShape), -1, 1), inputShape);
  const tape = new Tape();
  const y = tape.run(() => net.forward(x));
  const g = random.uniformArray(y.size, -1, 1);
  const upstream = backend.fromArray(g, y.shape);
  tape.backward(y, upstream);
  tape.free();
  upstream.release();
  const objective = () => {
    const out = tidy(() => net.forward(x));
    const o = backend.data(out);
    let s = 0;
    for (let i = 0; i < o.length; i++) s += o[i] * g[i];
    out.release();
    return s;
  };
  const eps = 1e-6;
  const failures: string[] = [];
  let checked = 0;
  let maxAbsError = 0;
  for (const [name, p] of net.namedParameters()) {
    if (!p.grad) {
      failures.push(`${name}: no gradient`);
      continue;
    }
    const values = backend.data(p);
    const analytic = backend.data(p.grad);
    for (let k = 0; k < perTensor; k++) {
      const i = Math.floor(random.next() * values.length);
      const saved = values[i];
      values[i] = saved + eps;
      const plus = objective();
      values[i] = saved - eps;
      const minus = objective();
      values[i] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(numeric - analytic[i]);
      maxAbsError = Math.max(maxAbsError, err);
      checked++;
      if (!(err <= 1e-8 + 1e-6 * Math.abs(numeric)))
        failures.push(`${name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
    }
    p.grad.release();
    p.grad = null;
  }
  x.release();
  return { ok: failures.length === 0, checked, maxAbsError, report: failures.join('\n') || 'all match' };
}

describe('finite differences through the nets (float64)', () => {
  const small: NetSpec[] = [
    { net: 'Encoder', size: 16, nf: 4, cout: 6 },
    { net: 'ResEncoder', size: 16, nf: 4, cout: 8 },
  ];

  it.each(small)('$net S=$size nf=$nf: every input coordinate, batch 2', (spec) => {
    let net: Net | undefined;
    // checkGradients owns its backend: build the net there on the first call (same weights every time).
    const r = checkGradients({
      inputs: [{ shape: [2, 3, spec.size, spec.size] }],
      forward: ([x]) => {
        net ??= build(x.backend as CpuBackend, spec, 5);
        return net.forward(x);
      },
    });
    console.log(`${spec.net} input FD: ${r.checked} coordinates, max abs error ${r.maxAbsError.toExponential(2)}`);
    expect(r.ok, r.report).toBe(true);
    net?.release();
  });

  it.each(small)('$net S=$size nf=$nf: random coordinates of every parameter', (spec) => {
    const net = build(new CpuBackend(), spec, 6);
    const r = checkParameterGradients(net, [2, 3, spec.size, spec.size]);
    console.log(`${spec.net} parameter FD: ${r.checked} coordinates, max abs error ${r.maxAbsError.toExponential(2)}`);
    expect(r.ok, r.report).toBe(true);
    expect(r.checked).toBe(4 * net.parameters().length);
    net.release();
  });

  it('Encoder S=32 (three levels): random coordinates of every parameter', () => {
    const net = build(new CpuBackend(), { net: 'Encoder', size: 32, nf: 4, cout: 4 }, 7);
    const r = checkParameterGradients(net, [1, 3, 32, 32], 3);
    expect(r.ok, r.report).toBe(true);
    net.release();
  });
});

describe('Encoder zeroLast (the default)', () => {
  it('outputs exactly 0 at the start, yet the last conv gets a gradient (and only it)', () => {
    const backend = new CpuBackend();
    const random = new Random(9);
    const net = new Encoder(backend, random, { imageSize: 16, nf: 4, outChannels: 6 });
    const named = net.namedParameters();
    const last = named[named.length - 1][1];
    expect([...backend.data(last)].every((v) => v === 0)).toBe(true);
    const x = backend.fromArray(random.uniformArray(2 * 3 * 16 * 16, -1, 1), [2, 3, 16, 16]);
    x.requiresGrad = true;
    const tape = new Tape();
    const y = tape.run(() => net.forward(x));
    expect(y.shape).toEqual([2, 6]);
    expect([...backend.data(y)].every((v) => v === 0)).toBe(true);
    const upstream = backend.fromArray(random.uniformArray(12, -1, 1), [2, 6]);
    tape.backward(y, upstream);
    tape.free();
    const maxAbs = (t: Tensor | null) => Math.max(0, ...[...(t ? backend.data(t) : [])].map(Math.abs));
    expect(maxAbs(last.grad)).toBeGreaterThan(1e-3);
    for (const [name, p] of named.slice(0, -1)) expect(maxAbs(p.grad), name).toBe(0);
    expect(maxAbs(x.grad)).toBe(0);
    x.grad?.release();
    for (const t of [x, upstream]) t.release();
    net.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('zeroLast: false keeps a random last layer (non-zero outputs)', () => {
    const backend = new CpuBackend();
    const net = new Encoder(backend, new Random(9), { imageSize: 16, nf: 4, outChannels: 4, zeroLast: false });
    const x = backend.fromArray(new Random(1).uniformArray(3 * 16 * 16, -1, 1), [1, 3, 16, 16]);
    const y = tidy(() => net.forward(x));
    expect(Math.max(...[...backend.data(y)].map(Math.abs))).toBeGreaterThan(0);
    for (const t of [x, y]) t.release();
    net.release();
  });
});

describe('view and light mappings', () => {
  it('map a zero net output to the prior mean: view 0, light (0.5, 0.5, 0, 0)', () => {
    const backend = new CpuBackend();
    const zeros6 = backend.zeros([2, 6]);
    const zeros4 = backend.zeros([2, 4]);
    const view = tidy(() => viewFromNet(zeros6));
    const light = tidy(() => lightFromNet(zeros4));
    expect([...backend.data(view)]).toEqual(new Array(12).fill(0));
    expect([...backend.data(light)]).toEqual([0.5, 0.5, 0, 0, 0.5, 0.5, 0, 0]);
    for (const t of [zeros6, zeros4, view, light]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('scale tanh outputs to 60 degrees of rotation, 0.1 of x/y translation, no z translation', () => {
    const backend = new CpuBackend();
    const raw = backend.fromArray([1, -1, 0.5, 1, -0.5, 1], [1, 6]);
    const view = tidy(() => viewFromNet(raw));
    const got = [...backend.data(view)];
    const want = [Math.PI / 3, -Math.PI / 3, Math.PI / 6, 0.1, -0.05, 0];
    expect(errors(got, want).abs).toBeLessThan(1e-15);
    const light = tidy(() => lightFromNet(backend.fromArray([1, -1, 0.3, -0.2], [1, 4])));
    expect(errors(backend.data(light), [1, 0, 0.3, -0.2]).abs).toBeLessThan(1e-15);
  });

  it('agree with the plain-number versions, with and without a mean', () => {
    const backend = new CpuBackend();
    const random = new Random(4);
    const rawView = random.uniformArray(18, -1, 1);
    const rawLight = random.uniformArray(12, -1, 1);
    const viewMean = [0.1, -0.2, 0.05, 0.3, -0.1, 0.2];
    const lightMean = [0.2, -0.1, 0.4, -0.3];
    for (const [vm, lm] of [[undefined, undefined] as const, [viewMean, lightMean] as const]) {
      const view = tidy(() => viewFromNet(backend.fromArray(rawView, [3, 6]), vm));
      const light = tidy(() => lightFromNet(backend.fromArray(rawLight, [3, 4]), lm));
      for (let b = 0; b < 3; b++) {
        const v = viewFromNetValues([...rawView.subarray(6 * b, 6 * b + 6)], vm);
        const l = lightFromNetValues([...rawLight.subarray(4 * b, 4 * b + 4)], lm);
        expect(errors(backend.data(view).subarray(6 * b, 6 * b + 6), v).abs).toBeLessThan(1e-15);
        expect(errors(backend.data(light).subarray(4 * b, 4 * b + 4), l).abs).toBeLessThan(1e-15);
      }
    }
  });

  it.each([
    ['viewFromNet', 6, (raw: Tensor) => viewFromNet(raw)],
    ['viewFromNet with a mean', 6, (raw: Tensor) => viewFromNet(raw, [0.1, -0.2, 0.05, 0.3, -0.1, 0.2])],
    ['lightFromNet', 4, (raw: Tensor) => lightFromNet(raw)],
    ['lightFromNet with a mean', 4, (raw: Tensor) => lightFromNet(raw, [0.2, -0.1, 0.4, -0.3])],
  ] as const)('%s: finite differences', (_name, columns, fn) => {
    const r = checkGradients({ inputs: [{ shape: [3, columns] }], forward: ([raw]) => fn(raw) });
    expect(r.ok, r.report).toBe(true);
  });
});

describe('canonicalDepth', () => {
  const S = 8;
  const shape = [2, 1, 6, S];

  it('sets the two outermost columns on each side to the border depth 1.04, keeps depthFromRaw inside', () => {
    const backend = new CpuBackend();
    const raw = backend.fromArray(new Random(2).uniformArray(sizeOf(shape), -3, 3), shape);
    const depth = tidy(() => canonicalDepth(raw));
    const inner = tidy(() => depthFromRaw(raw));
    const d = backend.data(depth);
    const ref = backend.data(inner);
    expect(BORDER_DEPTH).toBeCloseTo(1.04, 15);
    expect(BORDER_COLUMNS).toBe(2);
    for (let i = 0; i < d.length; i++) {
      const c = i % S;
      if (c < 2 || c >= S - 2) expect(d[i], `column ${c}`).toBe(BORDER_DEPTH);
      else {
        expect(d[i]).toBe(ref[i]);
        expect(d[i] > 0.9 && d[i] < 1.1).toBe(true);
      }
    }
    for (const t of [raw, depth, inner]) t.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('finite differences (border inputs still matter through the spatial mean)', () => {
    const r = checkGradients({ inputs: [{ shape, low: -2, high: 2 }], forward: ([raw]) => canonicalDepth(raw) });
    expect(r.ok, r.report).toBe(true);
  });

  it('passes no gradient back from the border columns of its output', () => {
    const backend = new CpuBackend();
    const raw = backend.fromArray(new Random(3).uniformArray(sizeOf(shape), -2, 2), shape);
    raw.requiresGrad = true;
    const upstream = new Float64Array(sizeOf(shape));
    for (let i = 0; i < upstream.length; i++) if (i % S < 2 || i % S >= S - 2) upstream[i] = 1 + (i % 5);
    const seed = backend.fromArray(upstream, shape);
    const tape = new Tape();
    const depth = tape.run(() => canonicalDepth(raw));
    tape.backward(depth, seed);
    tape.free();
    expect([...backend.data(raw.grad as Tensor)].every((v) => v === 0)).toBe(true);
    raw.grad?.release();
    for (const t of [raw, seed]) t.release();
    expect(backend.liveTensors).toBe(0);
  });
});
