/**
 * Pipeline cache keyed by kernel name, entry point and `override` constants (the kernel variant). Shapes are
 * uniforms, so a training run creates each pipeline once. The shared WGSL helpers (shaders/nn/common.wgsl) are
 * prepended to every kernel's source.
 *
 * Layouts are explicit, one per binding signature (n read-only inputs, m read-write outputs), not 'auto': every
 * kernel with the same signature shares one bind-group layout, so a bind group can be cached by the buffers it
 * binds (bindGroups.ts), and the uniform slot is a dynamic offset instead of a part of the bind group.
 */
import commonWgsl from '../../../shaders/nn/common.wgsl?raw';

export interface PipelineKey {
  /** Unique kernel name, e.g. 'conv2d.forward'; one name must always come with the same WGSL source. */
  kernel: string;
  shader: string;
  entryPoint?: string;
  constants?: Readonly<Record<string, number>>;
  /** Read-only storage bindings 1..inputs, then read-write storage bindings (the kernel's binding signature). */
  inputs: number;
  outputs: number;
}

/** The bind-group layout of one binding signature and its pipeline layout. */
export interface BindingLayout {
  /** e.g. '3r1w': the bind-group cache's key prefix. */
  key: string;
  bindGroupLayout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
}

export class PipelineCache {
  private readonly modules = new Map<string, { source: string; module: GPUShaderModule }>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, BindingLayout>();
  /** Cache misses since creation: createComputePipeline and createShaderModule calls (backend.counters()). */
  createdPipelines = 0;
  createdModules = 0;

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  get(key: PipelineKey): GPUComputePipeline {
    const entryPoint = key.entryPoint ?? 'main';
    const constants = key.constants ?? {};
    const constantsKey = Object.keys(constants)
      .sort()
      .map((name) => `${name}=${constants[name]}`)
      .join(',');
    const cacheKey = `${key.kernel}|${entryPoint}|${constantsKey}|${key.inputs}r${key.outputs}w`;
    let pipeline = this.pipelines.get(cacheKey);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline({
        label: cacheKey,
        layout: this.layout(key.inputs, key.outputs).pipelineLayout,
        compute: { module: this.module(key.kernel, key.shader), entryPoint, constants: { ...constants } },
      });
      this.pipelines.set(cacheKey, pipeline);
      this.createdPipelines++;
    }
    return pipeline;
  }

  /**
   * Binding 0: the kernel's uniform struct, one 256-byte slot of the uniform arena chosen by a dynamic offset;
   * then the read-only inputs and the read-write outputs.
   */
  layout(inputs: number, outputs: number): BindingLayout {
    const key = `${inputs}r${outputs}w`;
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
      ];
      for (let i = 0; i < inputs + outputs; i++) {
        const type = i < inputs ? 'read-only-storage' : 'storage';
        entries.push({ binding: i + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
      }
      const bindGroupLayout = this.device.createBindGroupLayout({ label: key, entries });
      const pipelineLayout = this.device.createPipelineLayout({ label: key, bindGroupLayouts: [bindGroupLayout] });
      layout = { key, bindGroupLayout, pipelineLayout };
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private module(kernel: string, source: string): GPUShaderModule {
    const cached = this.modules.get(kernel);
    if (cached) {
      if (cached.source !== source) throw new Error(`Kernel name '${kernel}' is used with two different WGSL sources.`);
      return cached.module;
    }
    const module = this.device.createShaderModule({ label: kernel, code: `${commonWgsl}\n${source}` });
    this.modules.set(kernel, { source, module });
    this.createdModules++;
    return module;
  }
}
