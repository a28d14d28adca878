/**
 * PyTorch's default initialisation, drawn from a seeded Random so both backends and every run start equal.
 * Conv/Linear weights: kaiming_uniform_(a = sqrt(5)), i.e. U(-b, b) with b = gain * sqrt(3 / fan_in) and
 * gain = sqrt(2 / (1 + a^2)) = sqrt(1/3), so b = 1 / sqrt(fan_in). Biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
 * fan_in is weight.size(1) * kernel area: in_channels * k * k for Conv2d and Linear's in_features, but
 * out_channels * k * k for ConvTranspose2d (whose weight is [in, out, k, k]), as in PyTorch.
 */
import type { Random } from '../random';

export function kaimingUniformDefault(random: Random, size: number, fanIn: number): Float64Array {
  const bound = 1 / Math.sqrt(fanIn);
  return random.uniformArray(size, -bound, bound);
}

export function biasUniformDefault(random: Random, size: number, fanIn: number): Float64Array {
  const bound = 1 / Math.sqrt(fanIn);
  return random.uniformArray(size, -bound, bound);
}
