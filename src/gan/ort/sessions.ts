/**
 * The generator's forward path on onnxruntime-web: mapping.onnx (z [B, D] -> w [B, D]) and synthesis.onnx
 * (w [B, n_latent, D] -> image [B, 3, S, S]) from a model bundle.
 *
 * WebGPU EP: both sessions run on the engine's GPUDevice, passed per session (docs/platform-notes.md §2); engine
 * tensors go in through Tensor.fromGpuBuffer and outputs stay in GPU buffers, so images move between ORT and the
 * engine without CPU round trips. wasm EP: the fallback where WebGPU is missing; forward only, CPU arrays in and
 * out, reported in `status`. Neither EP computes gradients: backward passes belong to the engine.
 */

import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-web';
import type { Tensor, WebGpuBackend } from '../../engine';
import { BundleError, type ModelBundle } from '../bundle';
import { GanOutput } from './gpuOutput';
import type { OrtModule } from './ortModule';

export interface GanRuntimeStatus {
  provider: 'webgpu' | 'wasm';
  /** True when both sessions run on the engine's own GPUDevice. */
  sharedDevice: boolean;
  /** Why the wasm fallback is used; null on the WebGPU EP. */
  fallbackReason: string | null;
  /** Always true: ORT has no gradients in the browser. */
  forwardOnly: true;
  /** One line for the UI. */
  summary: string;
}

export interface CreateGanSessionsOptions {
  ort: OrtModule;
  /** The engine's backend on the shared device; null or absent selects the wasm fallback. */
  backend?: WebGpuBackend | null;
  /** Why there is no backend (e.g. WebGPUUnavailableError's message), shown in the status. */
  noGpuReason?: string;
  /** Default true: use the wasm EP (and say why) when the WebGPU EP cannot start. */
  fallbackOnWebGpuError?: boolean;
}

/** An input: a CPU array with its dims, or an engine tensor on the shared device (WebGPU EP only). */
export type GanInput = { data: Float32Array; dims: readonly number[] } | Tensor;

const IO = {
  mapping: { input: 'z', output: 'w' },
  synthesis: { input: 'w', output: 'image' },
} as const;

type Graph = keyof typeof IO;

function checkIo(graph: Graph, session: { inputNames: readonly string[]; outputNames: readonly string[] }): void {
  const { input, output } = IO[graph];
  if (!session.inputNames.includes(input) || !session.outputNames.includes(output))
    throw new BundleError(
      `${graph}.onnx has inputs [${session.inputNames}] and outputs [${session.outputNames}]; the bundle format needs ${input} -> ${output}.`,
    );
}

async function createPair(
  ort: OrtModule,
  bundle: ModelBundle,
  options: InferenceSession.SessionOptions,
): Promise<Record<Graph, InferenceSession>> {
  const mapping = await ort.InferenceSession.create(bundle.onnx.mapping, options);
  let synthesis: InferenceSession | null = null;
  try {
    synthesis = await ort.InferenceSession.create(bundle.onnx.synthesis, options);
    checkIo('mapping', mapping);
    checkIo('synthesis', synthesis);
    return { mapping, synthesis };
  } catch (err) {
    await Promise.all([mapping.release(), synthesis?.release()]);
    throw err;
  }
}

export class GanOrtSessions {
  private released = false;

  private constructor(
    private readonly ort: OrtModule,
    readonly bundle: ModelBundle,
    readonly backend: WebGpuBackend | null,
    private readonly sessions: Record<Graph, InferenceSession>,
    readonly status: GanRuntimeStatus,
  ) {}

  /**
   * WebGPU EP on `options.backend`'s device when a backend is given, else the wasm EP. If the WebGPU EP fails to
   * start, the wasm EP takes over and the status says why (unless `fallbackOnWebGpuError` is false). A graph
   * whose inputs/outputs do not match the bundle format is a BundleError on either EP.
   */
  static async create(bundle: ModelBundle, options: CreateGanSessionsOptions): Promise<GanOrtSessions> {
    const { ort } = options;
    const backend = options.backend ?? null;
    let reason = options.noGpuReason ?? 'no WebGPU backend was given';
    if (backend) {
      try {
        const sessions = await createPair(ort, bundle, {
          // `device` is not in 1.30.0's typings but is how a shared device is passed per session.
          executionProviders: [
            { name: 'webgpu', device: backend.device } as unknown as InferenceSession.ExecutionProviderConfig,
          ],
          preferredOutputLocation: 'gpu-buffer',
        });
        return new GanOrtSessions(ort, bundle, backend, sessions, {
          provider: 'webgpu',
          sharedDevice: true,
          fallbackReason: null,
          forwardOnly: true,
          summary: 'StyleGAN2 forward on the WebGPU EP, sharing the engine device.',
        });
      } catch (err) {
        if (err instanceof BundleError || options.fallbackOnWebGpuError === false) throw err;
        reason = `the WebGPU EP failed to start (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    const sessions = await createPair(ort, bundle, { executionProviders: ['wasm'] });
    return new GanOrtSessions(ort, bundle, null, sessions, {
      provider: 'wasm',
      sharedDevice: false,
      fallbackReason: reason,
      forwardOnly: true,
      summary: `StyleGAN2 forward on the CPU (wasm EP) because ${reason}; slower, and images go through the CPU.`,
    });
  }

  /** z [B, style_dim] -> w [B, style_dim]. */
  mapping(z: GanInput): Promise<GanOutput> {
    return this.run('mapping', z, [this.bundle.config.style_dim]);
  }

  /** w [B, n_latent, style_dim] -> image [B, 3, size, size] in [-1, 1] (not clamped). */
  synthesis(w: GanInput): Promise<GanOutput> {
    const c = this.bundle.config;
    return this.run('synthesis', w, [c.n_latent, c.style_dim]);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await Promise.all([this.sessions.mapping.release(), this.sessions.synthesis.release()]);
  }

  private async run(graph: Graph, input: GanInput, innerDims: readonly number[]): Promise<GanOutput> {
    if (this.released) throw new Error('GanOrtSessions used after release().');
    const dims = 'shape' in input ? input.shape : input.dims;
    if (dims.length !== innerDims.length + 1 || innerDims.some((d, i) => dims[i + 1] !== d) || dims[0] < 1)
      throw new Error(`${graph}.onnx expects [B, ${innerDims.join(', ')}], got [${dims.join(', ')}].`);
    // An input made with fromGpuBuffer wraps an engine buffer and is never disposed: dispose() would let ORT
    // destroy a buffer the engine's pool owns. CPU-data inputs hold nothing on the GPU.
    const feed = this.makeInput(input, dims);
    const outputs = await this.sessions[graph].run({ [IO[graph].input]: feed });
    return new GanOutput(IO[graph].output, outputs[IO[graph].output]);
  }

  private makeInput(input: GanInput, dims: readonly number[]): OrtTensor {
    if (!('shape' in input)) {
      const expected = dims.reduce((a, b) => a * b, 1);
      if (input.data.length !== expected)
        throw new Error(`Input has ${input.data.length} values, dims [${dims.join(', ')}] need ${expected}.`);
      return new this.ort.Tensor('float32', input.data, dims);
    }
    if (!this.backend)
      throw new Error(`An engine tensor cannot feed the wasm EP (${this.status.fallbackReason}); pass a Float32Array.`);
    // Queued engine kernels that write this tensor must reach the queue before ORT's commands read it.
    this.backend.flush();
    return this.ort.Tensor.fromGpuBuffer(this.backend.buffer(input) as unknown as OrtTensor.GpuBufferType, {
      dataType: 'float32',
      dims,
    });
  }
}
