/**
 * Pipeline cache keyed by kernel name, entry point and `override` constants (the kernel variant). Shapes are
 * uniforms, so a training run creates each pipeline once. The shared WGSL helpers (shaders/nn/common.wgsl) are
 * prepended to every kernel's source.
 */
import commonWgsl from '../../../shaders/nn/common.wgsl?raw';

export interface PipelineKey {
  /** Unique kernel name, e.g. 'conv2d.forward'; one name must always come with the same WGSL source. */
  kernel: string;
  shader: string;
  entryPoint?: string;
  constants?: Readonly<Record<string, number>>;
}

export class PipelineCache {
  private readonly modules = new Map<string, { source: string; module: GPUShaderModule }>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
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
    const cacheKey = `${key.kernel}|${entryPoint}|${constantsKey}`;
    let pipeline = this.pipelines.get(cacheKey);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline({
        label: cacheKey,
        layout: 'auto',
        compute: { module: this.module(key.kernel, key.shader), entryPoint, constants: { ...constants } },
      });
      this.pipelines.set(cacheKey, pipeline);
      this.createdPipelines++;
    }
    return pipeline;
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
