/**
 * The float64 reference backend: tensors are Float64Arrays and kernels are the functions in src/engine/reference.
 * It runs the same op and module code as the webgpu backend, which makes it the oracle for parity and learning tests.
 */
import type { Backend } from '../backend';
import { formatShape, type Shape, sameShape, sizeOf } from '../shape';
import { Tensor, type TensorStorage } from '../tensor';

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  /** Live tensors, for leak checks in tests. */
  liveTensors = 0;

  /** Wraps `data` without copying; the tensor now owns the array. */
  adopt(data: Float64Array, shape: Shape): Tensor {
    if (data.length !== sizeOf(shape))
      throw new Error(`Data of length ${data.length} does not fit shape ${formatShape(shape)}.`);
    this.liveTensors++;
    return new Tensor(this, shape, { kind: 'cpu', data });
  }

  fromArray(data: ArrayLike<number>, shape: Shape): Tensor {
    return this.adopt(Float64Array.from(data), shape);
  }

  empty(shape: Shape): Tensor {
    return this.adopt(new Float64Array(sizeOf(shape)), shape);
  }

  full(shape: Shape, value: number): Tensor {
    return this.adopt(new Float64Array(sizeOf(shape)).fill(value), shape);
  }

  zeros(shape: Shape): Tensor {
    return this.full(shape, 0);
  }

  /** The tensor's values; kernels read and (for their own outputs) write them. */
  data(tensor: Tensor): Float64Array {
    if (tensor.backend !== this) throw new Error(`${tensor} does not belong to this cpu backend.`);
    const storage = tensor.storage;
    if (storage.kind !== 'cpu') throw new Error(`${tensor} has no cpu storage.`);
    return storage.data;
  }

  async read(tensor: Tensor): Promise<Float64Array> {
    return Float64Array.from(this.data(tensor));
  }

  async readAll(tensors: readonly Tensor[]): Promise<Float64Array[]> {
    return tensors.map((t) => Float64Array.from(this.data(t)));
  }

  flush(): void {}

  releaseStorage(_storage: TensorStorage): void {
    this.liveTensors--;
  }

  accumulate(target: Tensor, source: Tensor): void {
    checkSameShape('accumulate', target, source);
    const t = this.data(target);
    const s = this.data(source);
    for (let i = 0; i < t.length; i++) t[i] += s[i];
  }

  clone(source: Tensor): Tensor {
    return this.adopt(Float64Array.from(this.data(source)), source.shape);
  }

  copyInto(target: Tensor, source: Tensor): void {
    checkSameShape('copyInto', target, source);
    this.data(target).set(this.data(source));
  }
}

export function checkSameShape(what: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape))
    throw new Error(`${what}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ.`);
}
