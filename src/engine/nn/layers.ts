/** Conv2d, ConvTranspose2d and Linear modules with PyTorch's parameter layout and default initialisation. */
import type { Backend } from '../backend';
import { conv2d, convTranspose2d } from '../ops/conv';
import { linear } from '../ops/matmul';
import type { Random } from '../random';
import type { Tensor } from '../tensor';
import { biasUniformDefault, kaimingUniformDefault } from './init';
import { Module } from './module';

export interface ConvOptions {
  stride?: number;
  padding?: number;
  bias?: boolean;
}

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;

  constructor(
    backend: Backend,
    random: Random,
    inChannels: number,
    outChannels: number,
    kernel: number,
    options: ConvOptions = {},
  ) {
    super(backend);
    const fanIn = inChannels * kernel * kernel;
    const shape = [outChannels, inChannels, kernel, kernel];
    this.weight = this.addParameter('weight', kaimingUniformDefault(random, outChannels * fanIn, fanIn), shape);
    this.bias =
      options.bias === false
        ? null
        : this.addParameter('bias', biasUniformDefault(random, outChannels, fanIn), [outChannels]);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
  }

  /** With `activation`, the activation is fused into the conv kernel (conv2d's options). */
  forward(x: Tensor, activation?: 'relu' | 'leaky_relu', slope?: number): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, activation, slope });
  }
}

export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;

  constructor(
    backend: Backend,
    random: Random,
    inChannels: number,
    outChannels: number,
    kernel: number,
    options: ConvOptions & { outputPadding?: number } = {},
  ) {
    super(backend);
    const fanIn = outChannels * kernel * kernel;
    const shape = [inChannels, outChannels, kernel, kernel];
    this.weight = this.addParameter('weight', kaimingUniformDefault(random, inChannels * fanIn, fanIn), shape);
    this.bias =
      options.bias === false
        ? null
        : this.addParameter('bias', biasUniformDefault(random, outChannels, fanIn), [outChannels]);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.outputPadding = options.outputPadding ?? 0;
  }

  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
    });
  }
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    backend: Backend,
    random: Random,
    inFeatures: number,
    outFeatures: number,
    options: { bias?: boolean } = {},
  ) {
    super(backend);
    this.weight = this.addParameter('weight', kaimingUniformDefault(random, outFeatures * inFeatures, inFeatures), [
      outFeatures,
      inFeatures,
    ]);
    this.bias =
      options.bias === false
        ? null
        : this.addParameter('bias', biasUniformDefault(random, outFeatures, inFeatures), [outFeatures]);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
