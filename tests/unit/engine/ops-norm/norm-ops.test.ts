import { describe, expect, it } from 'vitest';
import { noGrad } from '../../../../src/engine/autograd/grad-mode';
import { CpuBackend } from '../../../../src/engine/cpu/backend';
import { leakyRelu, relu } from '../../../../src/engine/ops/activation';
import { groupNorm } from '../../../../src/engine/ops/norm';
import { checkGradients } from '../fd';

describe('group_norm op on the float64 engine', () => {
  it('autograd wiring matches finite differences for x, gamma and beta', () => {
    const r = checkGradients({
      inputs: [{ shape: [2, 6, 2, 3] }, { shape: [6], low: 0.5, high: 1.5 }, { shape: [6] }],
      forward: ([x, g, b]) => groupNorm(x, g, b, 3),
      rtol: 1e-5,
    });
    expect(r.ok, r.report).toBe(true);
  });

  it.each(['relu', 'leaky_relu'] as const)(
    'fused %s matches group_norm then the activation, with gradients',
    (activation) => {
      const r = checkGradients({
        inputs: [{ shape: [2, 4, 2, 3] }, { shape: [4], low: 0.5, high: 1.5 }, { shape: [4] }],
        forward: ([x, g, b]) => groupNorm(x, g, b, 2, { activation }),
        rtol: 1e-5,
      });
      expect(r.ok, r.report).toBe(true);
      const backend = new CpuBackend();
      const x = backend.fromArray(
        new Float64Array(24).map((_, i) => Math.sin(3 * i)),
        [1, 4, 2, 3],
      );
      const g = backend.fromArray([1, 0.5, 2, 1], [4]);
      const b = backend.fromArray([0.1, -0.2, 0, 0.3], [4]);
      const fused = backend.data(groupNorm(x, g, b, 2, { activation }));
      const plain = backend.data(groupNorm(x, g, b, 2));
      const act = activation === 'relu' ? relu : leakyRelu;
      const separate = backend.data(act(backend.fromArray(plain, [1, 4, 2, 3])));
      for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(separate[i], 14);
    },
  );

  it('rejects a fused leaky_relu with a negative slope', () => {
    const backend = new CpuBackend();
    const x = backend.zeros([1, 4, 1, 1]);
    expect(() =>
      groupNorm(x, backend.zeros([4]), backend.zeros([4]), 2, { activation: 'leaky_relu', slope: -0.1 }),
    ).toThrow(/slope >= 0/);
  });

  it('releases its saved statistics when nothing is recorded', () => {
    const backend = new CpuBackend();
    const x = backend.fromArray(
      new Float64Array(24).map((_, i) => Math.sin(i)),
      [1, 4, 2, 3],
    );
    const g = backend.full([4], 1);
    const b = backend.zeros([4]);
    const y = noGrad(() => groupNorm(x, g, b, 2));
    // x, g, b, y: the statistics tensor is gone.
    expect(backend.liveTensors).toBe(4);
    y.release();
  });

  it('rejects gamma of the wrong size', () => {
    const backend = new CpuBackend();
    const x = backend.zeros([1, 4, 2, 2]);
    expect(() => groupNorm(x, backend.zeros([3]), backend.zeros([4]), 2)).toThrow(/shape \[4\]/);
  });
});
