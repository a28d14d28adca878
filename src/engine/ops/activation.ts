/** Autograd ops of the activation family. The backward differentiates at the saved forward input. */
import { recordOp } from '../autograd/tape';
import { type ActivationKind, METHOD_LEAKY_SLOPE } from '../reference/activation';
import type { Tensor } from '../tensor';
import { activationBackwardKernel, activationForwardKernel } from './activation.kernels';

function activation(kind: ActivationKind, x: Tensor, slope = 0): Tensor {
  const params = { kind, slope };
  const y = activationForwardKernel([x], params);
  recordOp(kind, [x], y, ([gy]) => [activationBackwardKernel([x, gy], params)]);
  return y;
}

export function relu(x: Tensor): Tensor {
  return activation('relu', x);
}

/** Default slope 0.2: the method's LeakyReLU everywhere (PyTorch's own default would be 0.01). */
export function leakyRelu(x: Tensor, slope = METHOD_LEAKY_SLOPE): Tensor {
  if (!Number.isFinite(slope)) throw new Error(`leakyRelu: slope must be finite, got ${slope}.`);
  return activation('leaky_relu', x, slope);
}

export function tanh(x: Tensor): Tensor {
  return activation('tanh', x);
}

export function sigmoid(x: Tensor): Tensor {
  return activation('sigmoid', x);
}

/** torch.nn.Softplus() with beta 1, threshold 20. */
export function softplus(x: Tensor): Tensor {
  return activation('softplus', x);
}
