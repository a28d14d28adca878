import { describe, expect, it } from 'vitest';
import { RENDER_PARITY_CASES } from './cases';

describe('renderer reconstruct kernels: WGSL vs float64 reference', () => {
  for (const c of RENDER_PARITY_CASES.filter((x) => x.group === 'reconstruct')) {
    it(c.name, async () => {
      expect(await c.run()).toEqual([]);
    });
  }
});
