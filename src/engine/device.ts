/**
 * The one place that creates the engine's GPUDevice, in the browser (navigator.gpu) and in Node (Dawn).
 * The device is requested with the adapter's full buffer limits so that onnxruntime-web can share it.
 */

/** Limits below which the engine cannot run its kernels (the WebGPU defaults are enough for most). */
export const REQUIRED_LIMITS = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
} as const satisfies Partial<Record<keyof GPUSupportedLimits, number>>;

/** Optional features the engine uses when present (fp16 paths, GPU timing, subgroup reductions). */
export const OPTIONAL_FEATURES: GPUFeatureName[] = ['shader-f16', 'timestamp-query', 'subgroups'];

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for software adapters (SwiftShader, lavapipe, WARP): correct but slow. */
  isSoftware: boolean;
}

export interface EngineDevice {
  device: GPUDevice;
  adapter: AdapterSummary;
  features: ReadonlySet<string>;
  limits: Readonly<Record<string, number>>;
  /** Resolves when the device is lost (driver reset, tab backgrounded too long, destroy()). */
  lost: Promise<GPUDeviceLostInfo>;
}

export class WebGPUUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'no-webgpu' | 'no-adapter' | 'limits' | 'device',
  ) {
    super(message);
    this.name = 'WebGPUUnavailableError';
  }
}

const LIMITS_SHOWN: (keyof GPUSupportedLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

export function summarizeAdapterInfo(info: GPUAdapterInfo): AdapterSummary {
  const vendor = info.vendor || 'unknown';
  const architecture = info.architecture || 'unknown';
  const text = `${vendor} ${architecture} ${info.device ?? ''} ${info.description ?? ''}`.toLowerCase();
  return {
    vendor,
    architecture,
    device: info.device ?? '',
    description: info.description ?? '',
    isSoftware: /swiftshader|lavapipe|llvmpipe|warp|software/.test(text),
  };
}

/** Requests an adapter and a device that meets REQUIRED_LIMITS; throws WebGPUUnavailableError otherwise. */
export async function createEngineDevice(
  gpu: GPU | undefined,
  options: { powerPreference?: GPUPowerPreference; label?: string } = {},
): Promise<EngineDevice> {
  if (!gpu) throw new WebGPUUnavailableError('This environment has no WebGPU (navigator.gpu is missing).', 'no-webgpu');
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) throw new WebGPUUnavailableError('WebGPU is present but no GPU adapter was found.', 'no-adapter');

  const requiredLimits: Record<string, number> = {};
  for (const [name, needed] of Object.entries(REQUIRED_LIMITS)) {
    const available = adapter.limits[name as keyof GPUSupportedLimits] as number;
    if (available < needed) {
      throw new WebGPUUnavailableError(
        `The GPU adapter's ${name} is ${available}; the engine needs at least ${needed}.`,
        'limits',
      );
    }
    requiredLimits[name] = needed;
  }
  // Take the adapter's maxima where sharing with onnxruntime-web or big tensors needs them.
  requiredLimits.maxStorageBufferBindingSize = adapter.limits.maxStorageBufferBindingSize;
  requiredLimits.maxBufferSize = adapter.limits.maxBufferSize;
  requiredLimits.maxStorageBuffersPerShaderStage = adapter.limits.maxStorageBuffersPerShaderStage;
  requiredLimits.maxComputeWorkgroupStorageSize = adapter.limits.maxComputeWorkgroupStorageSize;

  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits,
      requiredFeatures,
      label: options.label ?? 'gan2shape-engine',
    });
  } catch (err) {
    throw new WebGPUUnavailableError(`The GPU adapter refused to create a device: ${String(err)}`, 'device');
  }

  const limits: Record<string, number> = {};
  for (const name of LIMITS_SHOWN) limits[name] = device.limits[name] as number;
  return {
    device,
    adapter: summarizeAdapterInfo(adapter.info),
    features: new Set([...device.features].map(String)),
    limits,
    lost: device.lost,
  };
}
