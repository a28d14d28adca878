/**
 * Kernel parameters travel as a uniform struct of 4-byte scalars (u32, i32, f32 in WGSL declaration order), so
 * one pipeline serves every shape. Each dispatch gets its own 256-byte slot in an arena that is uploaded once,
 * just before the command buffer is submitted (queue.writeBuffer runs before the submit on the queue timeline,
 * so one buffer slot can never be shared by two dispatches of the same submit). The slot is chosen with a dynamic
 * offset, so the bind group itself does not depend on it and can be cached.
 */
export type UniformField = { type: 'u32' | 'i32' | 'f32'; value: number };

export const u32 = (value: number): UniformField => {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new Error(`u32 uniform must be a non-negative integer, got ${value}.`);
  return { type: 'u32', value };
};
export const i32 = (value: number): UniformField => {
  if (!Number.isInteger(value) || Math.abs(value) > 0x7fffffff)
    throw new Error(`i32 uniform must be an integer, got ${value}.`);
  return { type: 'i32', value };
};
export const f32 = (value: number): UniformField => {
  if (!Number.isFinite(value)) throw new Error(`f32 uniform must be finite, got ${value}.`);
  return { type: 'f32', value };
};

export const UNIFORM_SLOT_BYTES = 256;
const MAX_FIELDS = UNIFORM_SLOT_BYTES / 4;

export class UniformArena {
  readonly buffer: GPUBuffer;
  private readonly data: ArrayBuffer;
  private readonly u32View: Uint32Array;
  private readonly i32View: Int32Array;
  private readonly f32View: Float32Array;
  private used = 0;

  constructor(
    private readonly device: GPUDevice,
    readonly capacity: number,
  ) {
    this.buffer = device.createBuffer({
      size: capacity * UNIFORM_SLOT_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      label: 'uniform-arena',
    });
    this.data = new ArrayBuffer(capacity * UNIFORM_SLOT_BYTES);
    this.u32View = new Uint32Array(this.data);
    this.i32View = new Int32Array(this.data);
    this.f32View = new Float32Array(this.data);
  }

  get full(): boolean {
    return this.used >= this.capacity;
  }

  /** Writes the fields into the next slot and returns the slot's byte offset (the bind group's dynamic offset). */
  push(fields: readonly UniformField[]): number {
    if (this.full) throw new Error('UniformArena is full; the backend must flush first.');
    if (fields.length > MAX_FIELDS)
      throw new Error(`A kernel takes at most ${MAX_FIELDS} uniform fields, got ${fields.length}.`);
    const base = (this.used * UNIFORM_SLOT_BYTES) / 4;
    fields.forEach((field, i) => {
      if (field.type === 'u32') this.u32View[base + i] = field.value;
      else if (field.type === 'i32') this.i32View[base + i] = field.value;
      else this.f32View[base + i] = field.value;
    });
    const offset = this.used * UNIFORM_SLOT_BYTES;
    this.used++;
    return offset;
  }

  /** Uploads the used slots; call right before submitting the commands that read them. */
  upload(): void {
    if (this.used === 0) return;
    this.device.queue.writeBuffer(this.buffer, 0, this.data, 0, this.used * UNIFORM_SLOT_BYTES);
    this.used = 0;
  }

  destroy(): void {
    this.buffer.destroy();
  }
}
