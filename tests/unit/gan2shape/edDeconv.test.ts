import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/engine/cpu/backend';
import { Random } from '../../../src/engine/random';
import { sizeOf } from '../../../src/engine/shape';
import { EDDeconv } from '../../../src/gan2shape/nets/edDeconv';

function parameterCount(net: EDDeconv): number {
  return net.parameters().reduce((n, p) => n + sizeOf(p.shape), 0);
}

describe('EDDeconv (depth / albedo net)', () => {
  it("has the paper's size at 128 px, nf 32 (about 12.9M parameters)", () => {
    const net = new EDDeconv(new CpuBackend(), new Random(0), {
      imageSize: 128,
      outChannels: 1,
      nf: 32,
      outputActivation: 'none',
    });
    expect(parameterCount(net) / 1e6).toBeCloseTo(12.9, 1);
  });

  it('maps [N,3,S,S] to [N,cout,S,S] for small sizes, tanh-bounded for albedo', () => {
    const backend = new CpuBackend();
    const random = new Random(1);
    const net = new EDDeconv(backend, random, { imageSize: 16, outChannels: 3, nf: 4, outputActivation: 'tanh' });
    const x = backend.fromArray(random.uniformArray(2 * 3 * 16 * 16, -1, 1), [2, 3, 16, 16]);
    const y = net.forward(x);
    expect(y.shape).toEqual([2, 3, 16, 16]);
    const values = backend.data(y);
    expect(values.every((v) => v > -1 && v < 1)).toBe(true);
  });

  it('rejects sizes and widths it cannot build', () => {
    const make = (imageSize: number, nf: number) => () =>
      new EDDeconv(new CpuBackend(), new Random(0), { imageSize, outChannels: 1, nf, outputActivation: 'none' });
    expect(make(48, 8)).toThrow(/power of two/);
    expect(make(64, 6)).toThrow(/multiple of 4/);
  });
});
