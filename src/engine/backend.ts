/** What every backend offers the Tensor and the kernels; op code never branches on the backend itself. */
import type { Shape } from './shape';
import type { Tensor, TensorStorage } from './tensor';

export interface Backend extends BackendPrimitives {
  readonly kind: 'cpu' | 'webgpu';
  /** A new tensor holding `data` (converted to the backend's precision). */
  fromArray(data: ArrayLike<number>, shape: Shape): Tensor;
  /** A new tensor whose contents are unspecified; kernels use it for outputs they fully overwrite. */
  empty(shape: Shape): Tensor;
  /** A new tensor filled with `value`. */
  full(shape: Shape, value: number): Tensor;
  zeros(shape: Shape): Tensor;
  read(tensor: Tensor): Promise<Float64Array>;
  /**
   * Several tensors in one readback (one round trip to the GPU instead of one per tensor). Their values are taken
   * when it is called (the copies queued and submitted, the queue keeps their order): the tensors may be released
   * as soon as it returns, before the promise settles.
   */
  readAll(tensors: readonly Tensor[]): Promise<Float64Array[]>;
  /** Submits queued GPU work (no-op on cpu). */
  flush(): void;
  /** Called by Tensor.release(); not for op code. */
  releaseStorage(storage: TensorStorage): void;
}

/** In-place primitives the autograd tape and optimizers need on every backend. */
export interface BackendPrimitives {
  /** target += source (same shape); used for gradient accumulation. */
  accumulate(target: Tensor, source: Tensor): void;
  /** A new tensor with the same values. */
  clone(source: Tensor): Tensor;
  /** Overwrites target with source's values (same shape). */
  copyInto(target: Tensor, source: Tensor): void;
}
