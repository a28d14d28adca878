/** GroupNorm as a module (affine, eps 1e-5, PyTorch init: weight 1, bias 0). */
import type { Backend } from '../backend';
import { groupNorm } from '../ops/norm';
import type { Tensor } from '../tensor';
import { Module } from './module';

export class GroupNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(
    backend: Backend,
    readonly groups: number,
    readonly channels: number,
  ) {
    super(backend);
    if (channels % groups !== 0) throw new Error(`GroupNorm: ${channels} channels do not split into ${groups} groups`);
    this.weight = this.addParameter('weight', new Float64Array(channels).fill(1), [channels]);
    this.bias = this.addParameter('bias', new Float64Array(channels), [channels]);
  }

  /** `activation` fuses ReLU or LeakyReLU (slope 0.2) into the normalization's store. */
  forward(x: Tensor, activation?: 'relu' | 'leaky_relu'): Tensor {
    return groupNorm(x, this.weight, this.bias, this.groups, activation ? { activation } : {});
  }
}
