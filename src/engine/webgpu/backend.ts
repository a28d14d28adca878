/**
 * The WebGPU backend: float32 tensors in pooled GPU buffers, kernels dispatched into compute passes of one command
 * encoder that is submitted on flush() (explicit, by a readback, or when the uniform arena of
 * `maxDispatchesPerSubmit` slots is full). Uploads (fromArray) and readbacks' copies are encoded into the same
 * command encoder, so a training iteration is one submit; bind groups are cached (bindGroups.ts) and readback
 * staging buffers reused (staging.ts), so the steady state of a loop creates no GPU object. Nothing is read back
 * unless asked for.
 */

import copyWgsl from '../../../shaders/nn/common_copy.wgsl?raw';
import fillWgsl from '../../../shaders/nn/common_fill.wgsl?raw';
import type { Backend } from '../backend';
import { checkSameShape } from '../cpu/backend';
import { formatShape, type Shape, sizeOf } from '../shape';
import { Tensor, type TensorStorage } from '../tensor';
import { BindGroupCache } from './bindGroups';
import { lossOf } from './deviceLost';
import { PipelineCache } from './pipelines';
import { BufferPool } from './pool';
import { KernelProfiler, type KernelTime } from './profiler';
import { StagingPool } from './staging';
import { f32, UNIFORM_SLOT_BYTES, UniformArena, type UniformField, u32 } from './uniforms';
import { UploadArena } from './uploads';

export interface DispatchSpec {
  /** Unique kernel name (pipeline cache key), e.g. 'conv2d.forward'. */
  kernel: string;
  /** WGSL source; shaders/nn/common.wgsl is prepended. */
  shader: string;
  entryPoint?: string;
  /** Values for the shader's `override` constants (workgroup sizes, variants): part of the cache key. */
  constants?: Readonly<Record<string, number>>;
  /** The uniform struct at binding 0, fields in WGSL declaration order. */
  uniforms: readonly UniformField[];
  /** Read-only storage bindings 1..n. */
  inputs: readonly Tensor[];
  /** Read-write storage bindings n+1..; may be tensors updated in place. Must not alias an input. */
  outputs: readonly Tensor[];
  workgroups: readonly [number, number?, number?];
}

export interface WebGpuBackendOptions {
  /** Dispatches per submitted command buffer (also the uniform arena's slot count). Default 4096. */
  maxDispatchesPerSubmit?: number;
  /**
   * conv2d forward kernel: 'register' (4x4 register tiles, no workgroup memory; best on SwiftShader, where
   * barriers are emulated) or 'tiled' (workgroup-memory tiles, meant for real GPUs). Default 'register'.
   */
  convKernel?: 'register' | 'tiled';
}

/**
 * What the backend has asked of the device since it was created (backend.counters()): plain counts, cheap enough
 * to keep on always. Benchmarks take two snapshots and divide their difference (counterDelta) by the iterations.
 */
export interface BackendCounters {
  /** dispatchWorkgroups calls (kernels encoded). */
  dispatches: number;
  /** queue.submit calls: the kernels' command buffers and the readbacks' copies. */
  submits: number;
  /** device.createBuffer calls: pool misses, readback staging buffers, the uniform arena. */
  bufferCreations: number;
  /** device.createBindGroup calls (bind-group cache misses). */
  bindGroupCreations: number;
  /** Dispatches whose bind group came from the cache. */
  bindGroupHits: number;
  /** Pool acquisitions served by a free buffer (pool hits; the misses are among bufferCreations). */
  poolHits: number;
  /** device.createComputePipeline calls (pipeline cache misses). */
  pipelineCreations: number;
  /** device.createShaderModule calls (one per kernel name). */
  shaderModuleCreations: number;
  /** readFloat32 / read calls: one mapAsync each. */
  readbacks: number;
}

/** `after - before`, field by field. */
export function counterDelta(after: BackendCounters, before: BackendCounters): BackendCounters {
  return {
    dispatches: after.dispatches - before.dispatches,
    submits: after.submits - before.submits,
    bufferCreations: after.bufferCreations - before.bufferCreations,
    bindGroupCreations: after.bindGroupCreations - before.bindGroupCreations,
    bindGroupHits: after.bindGroupHits - before.bindGroupHits,
    poolHits: after.poolHits - before.poolHits,
    pipelineCreations: after.pipelineCreations - before.pipelineCreations,
    shaderModuleCreations: after.shaderModuleCreations - before.shaderModuleCreations,
    readbacks: after.readbacks - before.readbacks,
  };
}

const MAX_GROUPS_PER_DIM = 65535;
/** Profiled dispatches per submit: a timestamp query set holds at most 4096 queries, two per dispatch. */
const MAX_PROFILED_PER_SUBMIT = 2048;

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  private readonly uniforms: UniformArena;
  private readonly uploads: UploadArena;
  private readonly staging: StagingPool;
  readonly bindGroups: BindGroupCache;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private profiler: KernelProfiler | null = null;
  /** Dispatches encoded since creation; benchmarks and tests read it (all counters: counters()). */
  dispatchCount = 0;
  /** queue.submit calls since creation, readbacks' included. */
  submitCount = 0;
  readbackCount = 0;
  readonly convKernel: 'register' | 'tiled';

  constructor(
    readonly device: GPUDevice,
    options: WebGpuBackendOptions = {},
  ) {
    this.bindGroups = new BindGroupCache(device);
    this.pool = new BufferPool(device, undefined, (buffer) => this.bindGroups.forget(buffer));
    this.pipelines = new PipelineCache(device);
    this.uniforms = new UniformArena(device, options.maxDispatchesPerSubmit ?? 4096);
    this.uploads = new UploadArena(device);
    this.staging = new StagingPool(device);
    this.convKernel = options.convKernel ?? 'register';
    this.unusedBinding = this.empty([4]).keep();
  }

  /**
   * A small tensor to bind where a shader declares an optional input that its variant does not read (e.g. the
   * bias of a bias-free matmul): bindings are fixed per shader. Never written, never released.
   */
  readonly unusedBinding: Tensor;

  // ---- tensors ----

  /**
   * The tensor's GPU buffer, for code outside the engine that binds it whole (onnxruntime inputs): its values
   * start at byte 0 (its byte size may exceed size * 4: pool buckets round up). A view into a packed buffer
   * (an optimizer's parameters) throws; engine code binds tensors with binding().
   */
  buffer(tensor: Tensor): GPUBuffer {
    const b = this.binding(tensor);
    if (b.offset !== 0)
      throw new Error(`${tensor} is a view at byte ${b.offset} of a packed buffer; it has no buffer of its own.`);
    return b.buffer;
  }

  /** Where the tensor's values live: a buffer and the byte offset of its first value. */
  binding(tensor: Tensor): { buffer: GPUBuffer; offset: number } {
    if (tensor.backend !== this) throw new Error(`${tensor} does not belong to this webgpu backend.`);
    const storage = tensor.storage;
    if (storage.kind !== 'webgpu') throw new Error(`${tensor} has no GPU storage.`);
    return { buffer: storage.buffer, offset: storage.offset ?? 0 };
  }

  empty(shape: Shape): Tensor {
    return new Tensor(this, shape, { kind: 'webgpu', buffer: this.pool.acquire(sizeOf(shape) * 4) });
  }

  fromArray(data: ArrayLike<number>, shape: Shape): Tensor {
    const size = sizeOf(shape);
    if (data.length !== size)
      throw new Error(`Data of length ${data.length} does not fit shape ${formatShape(shape)}.`);
    const tensor = this.empty(shape);
    // A pooled buffer may still be read by queued commands, so writeBuffer straight into it would overtake them;
    // the copy from the upload arena is encoded in order with them instead (uploads.ts).
    const bytes = size * 4;
    if (!this.uploads.fits(bytes)) {
      this.flush();
      this.uploads.grow(bytes);
    }
    const staged = this.uploads.push(data);
    this.endPass();
    const target = this.binding(tensor);
    this.commandEncoder().copyBufferToBuffer(staged.buffer, staged.offset, target.buffer, target.offset, staged.bytes);
    return tensor;
  }

  full(shape: Shape, value: number): Tensor {
    const tensor = this.empty(shape);
    this.fillInPlace(tensor, value);
    return tensor;
  }

  /** Sets every value of an existing tensor (a view included) to `value`: one dispatch. */
  fillInPlace(tensor: Tensor, value: number): void {
    this.dispatch({
      kernel: 'core.fill',
      shader: fillWgsl,
      entryPoint: 'fill',
      uniforms: [u32(tensor.size), f32(value)],
      inputs: [],
      outputs: [tensor],
      workgroups: this.grid1d(tensor.size, 256),
    });
  }

  zeros(shape: Shape): Tensor {
    return this.full(shape, 0);
  }

  releaseStorage(storage: TensorStorage): void {
    if (storage.kind !== 'webgpu') throw new Error('A cpu storage was released on the webgpu backend.');
    // A view's buffer belongs to its packed buffer, which returns it to the pool after its last view.
    if (storage.packed) storage.packed.releaseView();
    else this.pool.release(storage.buffer);
  }

  accumulate(target: Tensor, source: Tensor): void {
    this.copyLike('accumulate', target, source);
  }

  copyInto(target: Tensor, source: Tensor): void {
    this.copyLike('copy', target, source);
  }

  clone(source: Tensor): Tensor {
    const tensor = this.empty(source.shape);
    this.copyInto(tensor, source);
    return tensor;
  }

  private copyLike(entryPoint: 'copy' | 'accumulate', target: Tensor, source: Tensor): void {
    checkSameShape(entryPoint, target, source);
    this.dispatch({
      kernel: `core.${entryPoint}`,
      shader: copyWgsl,
      entryPoint,
      uniforms: [u32(target.size)],
      inputs: [source],
      outputs: [target],
      workgroups: this.grid1d(target.size, 256),
    });
  }

  // ---- execution ----

  /** Workgroup counts covering `threads` threads of a 1-D kernel; pair with flat_index() in WGSL. */
  grid1d(threads: number, workgroupSize: number): [number, number, number] {
    const groups = Math.max(1, Math.ceil(threads / workgroupSize));
    if (groups <= MAX_GROUPS_PER_DIM) return [groups, 1, 1];
    const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
    return [Math.ceil(groups / y), y, 1];
  }

  dispatch(spec: DispatchSpec): void {
    const storage = [...spec.inputs, ...spec.outputs].map((t) => ({ ...this.binding(t), size: t.size * 4 }));
    checkAliasing(spec, storage);
    const [x, y = 1, z = 1] = spec.workgroups;
    for (const n of [x, y, z]) {
      if (!Number.isInteger(n) || n < 0 || n > MAX_GROUPS_PER_DIM)
        throw new Error(`${spec.kernel}: bad workgroup count ${n}.`);
    }
    if (this.uniforms.full || this.profiler?.full) this.flush();
    const signature = { inputs: spec.inputs.length, outputs: spec.outputs.length };
    const pipeline = this.pipelines.get({ ...spec, ...signature });
    const bindGroup = this.bindGroups.get(
      this.pipelines.layout(signature.inputs, signature.outputs),
      this.uniforms.buffer,
      UNIFORM_SLOT_BYTES,
      storage,
    );
    const uniformOffset = this.uniforms.push(spec.uniforms);
    const pass = this.computePass(spec.kernel);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup, [uniformOffset]);
    if (x > 0 && y > 0 && z > 0) pass.dispatchWorkgroups(x, y, z);
    this.dispatchCount++;
    if (this.profiler) {
      // Profiling: one pass per dispatch, timestamped at its beginning and end.
      pass.end();
      this.pass = null;
    }
  }

  private commandEncoder(): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.device.createCommandEncoder({ label: 'engine-step' });
    return this.encoder;
  }

  /** Ends the open compute pass (copies are encoded between passes). */
  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private computePass(kernel: string): GPUComputePassEncoder {
    const encoder = this.commandEncoder();
    if (!this.pass)
      this.pass = encoder.beginComputePass({
        label: 'engine-kernels',
        timestampWrites: this.profiler?.next(kernel),
      });
    return this.pass;
  }

  /**
   * Times every dispatch on the GPU from now until stopProfiling() (needs the device feature 'timestamp-query';
   * KernelProfiler). Slows the work it measures: a benchmark times its windows without it.
   */
  startProfiling(): void {
    if (this.profiler) throw new Error('startProfiling: the backend is already profiling.');
    this.flush();
    this.profiler = new KernelProfiler(this.device, Math.min(this.uniforms.capacity, MAX_PROFILED_PER_SUBMIT));
  }

  /** Ends profiling: GPU time per kernel since startProfiling(), the most first. */
  async stopProfiling(): Promise<KernelTime[]> {
    const profiler = this.profiler;
    if (!profiler) throw new Error('stopProfiling: the backend is not profiling.');
    this.flush();
    this.profiler = null;
    try {
      return await profiler.results();
    } finally {
      profiler.destroy();
    }
  }

  /** Submits all queued work (uniforms and uploads first). Cheap when nothing is queued. */
  flush(): void {
    if (!this.encoder) {
      this.pool.destroyRetired();
      return;
    }
    this.endPass();
    this.uniforms.upload();
    this.uploads.upload();
    const submitted = this.profiler?.beforeSubmit(this.encoder);
    this.device.queue.submit([this.encoder.finish()]);
    submitted?.();
    this.encoder = null;
    this.submitCount++;
    // Retired buffers (packed buffers no view needs) may be used by what was just submitted: destroyed now, freed
    // when that work is done.
    this.pool.destroyRetired();
  }

  async read(tensor: Tensor): Promise<Float64Array> {
    return Float64Array.from(await this.readFloat32(tensor));
  }

  /** Float32 readback without conversion (UI snapshots). */
  async readFloat32(tensor: Tensor): Promise<Float32Array> {
    return (await this.readAllFloat32([tensor]))[0];
  }

  async readAll(tensors: readonly Tensor[]): Promise<Float64Array[]> {
    return (await this.readAllFloat32(tensors)).map((values) => Float64Array.from(values));
  }

  /**
   * Several tensors in one readback: their copies go into one staging buffer at the end of the queued work, one
   * submit, one mapAsync (a loss-reading iteration reads all its terms this way).
   */
  async readAllFloat32(tensors: readonly Tensor[]): Promise<Float32Array[]> {
    const offsets: number[] = [];
    let bytes = 0;
    for (const t of tensors) {
      offsets.push(bytes);
      bytes += Math.ceil((t.size * 4) / 16) * 16;
    }
    const staging = this.staging.acquire(Math.max(bytes, 4));
    this.readbackCount++;
    let state = 'idle' as 'idle' | 'mapped' | 'destroyed';
    try {
      this.endPass();
      const encoder = this.commandEncoder();
      tensors.forEach((t, i) => {
        const source = this.binding(t);
        encoder.copyBufferToBuffer(source.buffer, source.offset, staging, offsets[i], t.size * 4);
      });
      this.flush();
      try {
        await staging.mapAsync(GPUMapMode.READ, 0, staging.size);
      } catch (err) {
        staging.destroy();
        state = 'destroyed';
        throw (await lossOf(this.device)) ?? err;
      }
      state = 'mapped';
      const range = staging.getMappedRange(0, Math.max(bytes, 4));
      return tensors.map((t, i) => new Float32Array(range.slice(offsets[i], offsets[i] + t.size * 4)));
    } finally {
      if (state === 'mapped') staging.unmap();
      if (state !== 'destroyed') this.staging.release(staging);
    }
  }

  /** A snapshot of what the backend has asked of the device since it was created (BackendCounters). */
  counters(): BackendCounters {
    return {
      dispatches: this.dispatchCount,
      submits: this.submitCount,
      // The uniform arena, the upload arena's buffers, the pool's misses, the readback staging buffers.
      bufferCreations: 1 + this.uploads.created + this.pool.createdBuffers + this.staging.created,
      bindGroupCreations: this.bindGroups.misses,
      bindGroupHits: this.bindGroups.hits,
      poolHits: this.pool.reusedBuffers,
      pipelineCreations: this.pipelines.createdPipelines,
      shaderModuleCreations: this.pipelines.createdModules,
      readbacks: this.readbackCount,
    };
  }

  /** Waits until the GPU has finished all submitted work (benchmarks). */
  async finish(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
  }

  destroy(): void {
    this.flush();
    this.pool.trim();
    this.bindGroups.clear();
    this.uniforms.destroy();
    this.uploads.destroy();
    this.staging.destroy();
  }
}

/**
 * Read-only bindings may repeat a buffer. A read_write binding must not share its buffer with a read-only one
 * (WebGPU's usage rules treat a buffer as one resource per dispatch), and must not overlap another read_write
 * binding; two outputs may be disjoint views of one packed buffer (a weight and a bias gradient).
 */
function checkAliasing(spec: DispatchSpec, storage: readonly { buffer: GPUBuffer; offset: number; size: number }[]) {
  const inputBuffers = new Set(storage.slice(0, spec.inputs.length).map((b) => b.buffer));
  const outputs = storage.slice(spec.inputs.length);
  outputs.forEach((b, i) => {
    const overlaps = outputs.some(
      (o, j) => j !== i && o.buffer === b.buffer && o.offset < b.offset + b.size && b.offset < o.offset + o.size,
    );
    if (inputBuffers.has(b.buffer) || overlaps)
      throw new Error(`${spec.kernel}: output ${spec.outputs[i]} aliases another binding of the same dispatch.`);
  });
}
