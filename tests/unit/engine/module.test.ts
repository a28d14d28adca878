import { describe, expect, it } from 'vitest';
import { Tape } from '../../../src/engine/autograd/tape';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Conv2d, ConvTranspose2d, Linear } from '../../../src/engine/nn/layers';
import { Module } from '../../../src/engine/nn/module';
import { sum } from '../../../src/engine/ops/reduce';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';

class Net extends Module {
  readonly conv: Conv2d;
  readonly up: ConvTranspose2d;
  readonly fc: Linear;
  constructor(backend: CpuBackend, seed: number) {
    super(backend);
    const random = new Random(seed);
    this.conv = this.addModule('conv', new Conv2d(backend, random, 3, 4, 3, { padding: 1 }));
    this.up = this.addModule('up', new ConvTranspose2d(backend, random, 4, 2, 4, { stride: 2, padding: 1 }));
    this.fc = this.addModule('fc', new Linear(backend, random, 5, 2, { bias: false }));
  }
}

describe('modules', () => {
  it('name parameters hierarchically with PyTorch shapes', () => {
    const net = new Net(new CpuBackend(), 1);
    expect(net.namedParameters().map(([n, t]) => `${n}:${t.shape.join('x')}`)).toEqual([
      'conv.weight:4x3x3x3',
      'conv.bias:4',
      'up.weight:4x2x4x4',
      'up.bias:2',
      'fc.weight:2x5',
    ]);
    net.release();
  });

  it('initialise deterministically from the seed within PyTorch default bounds', () => {
    const backend = new CpuBackend();
    const a = new Net(backend, 5);
    const b = new Net(backend, 5);
    const c = new Net(backend, 6);
    const values = (n: Net, name: string) => [...backend.data(n.namedParameters().find(([k]) => k === name)![1])];
    expect(values(a, 'conv.weight')).toEqual(values(b, 'conv.weight'));
    expect(values(a, 'conv.weight')).not.toEqual(values(c, 'conv.weight'));
    const bound = (fanIn: number) => 1 / Math.sqrt(fanIn);
    const within = (vs: number[], b: number) =>
      vs.every((v) => Math.abs(v) <= b) && Math.max(...vs.map(Math.abs)) > 0.5 * b;
    expect(within(values(a, 'conv.weight'), bound(3 * 9))).toBe(true);
    expect(within(values(a, 'up.weight'), bound(2 * 16))).toBe(true); // ConvTranspose2d fan_in = out * k * k
    expect(within(values(a, 'fc.weight'), bound(5))).toBe(true);
    for (const n of [a, b, c]) n.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('snapshot and restore, export and import the state', async () => {
    const backend = new CpuBackend();
    const net = new Net(backend, 2);
    const before = await net.exportState();
    const snap = net.snapshot();
    for (const t of net.parameters()) backend.data(t).fill(0);
    net.restore(snap);
    expect(await net.exportState()).toEqual(before);
    for (const t of net.parameters()) backend.data(t).fill(3);
    net.importState(before);
    expect(await net.exportState()).toEqual(before);
    expect(() => net.importState({ ...before, extra: { shape: [1], data: [0] } })).toThrow(/unknown parameter 'extra'/);
    snap.release();
    net.release();
    expect(backend.liveTensors).toBe(0);
  });

  it('frozen modules get no gradients but pass gradients to their inputs', () => {
    const backend = new CpuBackend();
    const conv = new Conv2d(backend, new Random(3), 2, 3, 3, { padding: 1 });
    conv.setFrozen(true);
    const x = backend.fromArray(new Random(4).uniformArray(2 * 25, -1, 1), [1, 2, 5, 5]);
    x.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.run(() => sum(conv.forward(x)));
    tape.backward(loss);
    tape.free();
    expect(conv.weight.grad).toBeNull();
    expect((x.grad as Tensor).shape).toEqual([1, 2, 5, 5]);
    x.grad?.release();
    x.release();
    conv.release();
    expect(backend.liveTensors).toBe(0);
  });
});
