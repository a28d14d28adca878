/**
 * Tensor: a float array with a shape on one backend. On `webgpu` the data is a float32 GPU buffer from the pool,
 * on `cpu` a Float64Array (the float64 reference engine). Tensors are released explicitly (or by the tape that
 * owns them); using a released tensor throws.
 */

import type { AutogradNode } from './autograd/node';
import { currentOwner, disown, type OwnedTensor, type TensorOwner } from './autograd/ownership';
import type { Backend } from './backend';
import { formatShape, type Shape, sizeOf } from './shape';

/**
 * A webgpu tensor's bytes: a whole pooled buffer (offset 0, `packed` absent), or a view at a 256-byte-aligned
 * `offset` into a packed buffer that holds several tensors (src/engine/webgpu/packed.ts: an optimizer's
 * parameters, gradients and moments), which `packed` owns and counts the views of.
 */
export interface WebGpuStorage {
  kind: 'webgpu';
  buffer: GPUBuffer;
  /** Byte offset of the tensor's first value (absent: 0). */
  offset?: number;
  /** The packed buffer a view belongs to (webgpu/packed.ts), told when the view is released. */
  packed?: { releaseView(): void };
}

export type TensorStorage = { kind: 'cpu'; data: Float64Array } | WebGpuStorage;

/**
 * Where a leaf's gradient should be written (set by an optimizer over packed gradients): the tape offers
 * `view()` to the op that produces the leaf's first gradient of a backward pass as the output to write into, and
 * copies there when the op wrote elsewhere, so the optimizer finds every gradient in its packed buffer.
 */
export interface GradSlot {
  /** A new tensor viewing the slot (the leaf's shape); releasing it leaves the slot in place. */
  view(): Tensor;
  /** Whether `t` is a view of this slot. */
  holds(t: Tensor): boolean;
}

let nextTensorId = 1;
let liveTensors = 0;

/** Tensors created and not yet released, over every backend (leak checks in tests and the soak benchmark). */
export function liveTensorCount(): number {
  return liveTensors;
}

export class Tensor implements OwnedTensor {
  readonly id = nextTensorId++;
  readonly shape: Shape;
  readonly size: number;
  /** True when gradients are wanted for this tensor (parameters, inputs under test, outputs of recorded ops). */
  requiresGrad = false;
  /** Accumulated gradient of a leaf (a tensor with requiresGrad and no producing op); caller-owned. */
  grad: Tensor | null = null;
  /** The recorded op that produced this tensor, if any. */
  node: AutogradNode | null = null;
  owner: TensorOwner | null = null;
  /** Where backward writes this leaf's gradient (packed optimizers); null: a new tensor. */
  gradSlot: GradSlot | null = null;
  name: string | undefined;
  private storageValue: TensorStorage | null;

  constructor(
    readonly backend: Backend,
    shape: Shape,
    storage: TensorStorage,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    if (storage.kind !== backend.kind)
      throw new Error(`Storage of kind ${storage.kind} given to a ${backend.kind} tensor.`);
    this.storageValue = storage;
    liveTensors++;
    const owner = currentOwner();
    if (owner) owner.adopt(this);
  }

  get released(): boolean {
    return this.storageValue === null;
  }

  /** Backend-private storage; throws when the tensor was released. */
  get storage(): TensorStorage {
    if (!this.storageValue)
      throw new Error(
        `Tensor #${this.id}${this.name ? ` (${this.name})` : ''} ${formatShape(this.shape)} was used after release.`,
      );
    return this.storageValue;
  }

  /** Returns the storage to the backend. Releasing twice throws, so ownership bugs surface early. */
  release(): void {
    const storage = this.storage;
    this.storageValue = null;
    liveTensors--;
    this.owner?.forget(this);
    this.owner = null;
    this.backend.releaseStorage(storage);
  }

  /**
   * Takes `source`'s storage (same backend and size): this tensor's old storage goes back to the backend and
   * `source` counts as released. For optimizers that move parameters into a packed buffer: the parameter keeps
   * its identity (modules hold it), only where its values live changes.
   */
  moveStorageFrom(source: Tensor): void {
    if (source === this) return;
    if (source.backend !== this.backend || source.size !== this.size)
      throw new Error(`moveStorageFrom: ${source} cannot hold the values of ${this}.`);
    const old = this.storage;
    const moved = source.storage;
    source.storageValue = null;
    liveTensors--;
    source.owner?.forget(source);
    source.owner = null;
    this.storageValue = moved;
    this.backend.releaseStorage(old);
  }

  /** Takes the tensor out of the tape that owns it: it survives tape.free() and the caller must release it. */
  keep(): this {
    disown(this);
    return this;
  }

  /** Reads the values (float64; exact for both backends). Submits pending GPU work first. */
  read(): Promise<Float64Array> {
    return this.backend.read(this);
  }

  toString(): string {
    return `Tensor#${this.id}(${this.backend.kind}, ${formatShape(this.shape)}${this.name ? `, ${this.name}` : ''})`;
  }
}
