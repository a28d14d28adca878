/**
 * A tiny conv encoder-decoder for the learning and memory tests: conv k4s2 -> conv k4s2 -> conv_transpose k4s2
 * -> conv_transpose k4s2 -> 1x1 conv (matmul path) -> tanh, trained with MSE and Adam. The same code runs on the
 * float64 cpu backend and on webgpu.
 */
import { Tape } from '../../../src/engine/autograd/tape';
import type { Backend } from '../../../src/engine/backend';
import { Conv2d, ConvTranspose2d } from '../../../src/engine/nn/layers';
import { Module } from '../../../src/engine/nn/module';
import { relu, tanh } from '../../../src/engine/ops/activation';
import { mse } from '../../../src/engine/ops/loss';
import { Adam } from '../../../src/engine/optim/adam';
import { Random } from '../../../src/engine/random';
import type { Tensor } from '../../../src/engine/tensor';

export class TinyAutoencoder extends Module {
  readonly enc1: Conv2d;
  readonly enc2: Conv2d;
  readonly dec1: ConvTranspose2d;
  readonly dec2: ConvTranspose2d;
  readonly head: Conv2d;

  constructor(backend: Backend, seed: number, width = 8) {
    super(backend);
    const random = new Random(seed);
    this.enc1 = this.addModule('enc1', new Conv2d(backend, random, 3, width, 4, { stride: 2, padding: 1 }));
    this.enc2 = this.addModule('enc2', new Conv2d(backend, random, width, 2 * width, 4, { stride: 2, padding: 1 }));
    this.dec1 = this.addModule(
      'dec1',
      new ConvTranspose2d(backend, random, 2 * width, width, 4, { stride: 2, padding: 1 }),
    );
    this.dec2 = this.addModule(
      'dec2',
      new ConvTranspose2d(backend, random, width, width, 4, { stride: 2, padding: 1 }),
    );
    this.head = this.addModule('head', new Conv2d(backend, random, width, 3, 1));
  }

  forward(x: Tensor): Tensor {
    const h1 = relu(this.enc1.forward(x));
    const h2 = relu(this.enc2.forward(h1));
    const u1 = relu(this.dec1.forward(h2));
    const u2 = relu(this.dec2.forward(u1));
    return tanh(this.head.forward(u2));
  }
}

/** Smooth images in [-0.8, 0.8] (sums of sinusoids), the autoencoder's inputs and targets. */
export function smoothImages(batch: number, size: number, seed: number): Float64Array {
  const random = new Random(seed);
  const out = new Float64Array(batch * 3 * size * size);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < 3; c++) {
      const fx = random.uniform(0.5, 2);
      const fy = random.uniform(0.5, 2);
      const phase = random.uniform(0, 2 * Math.PI);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          out[((n * 3 + c) * size + y) * size + x] = 0.8 * Math.sin((2 * Math.PI * (fx * x + fy * y)) / size + phase);
        }
      }
    }
  }
  return out;
}

export interface Trainer {
  model: TinyAutoencoder;
  optimizer: Adam;
  images: Tensor;
  /** One training step; returns the loss tensor (kept: the caller reads and releases it) or null. */
  step(keepLoss: boolean): Tensor | null;
  dispose(): void;
}

export function createTrainer(
  backend: Backend,
  options: { batch: number; size: number; width?: number; lr: number; seed?: number },
): Trainer {
  const model = new TinyAutoencoder(backend, options.seed ?? 1, options.width);
  const optimizer = new Adam(model.parameters(), { lr: options.lr, weightDecay: 5e-4 });
  const images = backend.fromArray(smoothImages(options.batch, options.size, 99), [
    options.batch,
    3,
    options.size,
    options.size,
  ]);
  return {
    model,
    optimizer,
    images,
    step(keepLoss: boolean): Tensor | null {
      const tape = new Tape();
      const loss = tape.run(() => mse(model.forward(images), images));
      tape.backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      if (keepLoss) loss.keep();
      tape.free();
      backend.flush();
      return keepLoss ? loss : null;
    },
    dispose(): void {
      optimizer.dispose();
      model.release();
      images.release();
    },
  };
}
