import { describe, expect, it } from 'vitest';
import { createEngineDevice, summarizeAdapterInfo, WebGPUUnavailableError } from '../../../src/engine/device';

function info(vendor: string, architecture: string, description = ''): GPUAdapterInfo {
  return { vendor, architecture, device: '', description } as GPUAdapterInfo;
}

describe('adapter summary', () => {
  it('recognises software adapters', () => {
    expect(summarizeAdapterInfo(info('google', 'swiftshader')).isSoftware).toBe(true);
    expect(summarizeAdapterInfo(info('mesa', '', 'llvmpipe (LLVM 15)')).isSoftware).toBe(true);
    expect(summarizeAdapterInfo(info('nvidia', 'hopper')).isSoftware).toBe(false);
  });

  it('names unknown fields instead of leaving them blank', () => {
    const s = summarizeAdapterInfo(info('', ''));
    expect(s.vendor).toBe('unknown');
    expect(s.architecture).toBe('unknown');
  });
});

describe('createEngineDevice without WebGPU', () => {
  it('rejects with a typed reason when navigator.gpu is missing', async () => {
    await expect(createEngineDevice(undefined)).rejects.toMatchObject({ reason: 'no-webgpu' });
  });

  it('rejects with reason no-adapter when the browser has WebGPU but no adapter', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const err = await createEngineDevice(gpu).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebGPUUnavailableError);
    expect((err as WebGPUUnavailableError).reason).toBe('no-adapter');
  });

  it('rejects with reason limits when the adapter is too small', async () => {
    const adapter = {
      limits: { maxComputeInvocationsPerWorkgroup: 64, maxStorageBufferBindingSize: 1 << 30 },
      features: new Set(),
      info: info('x', 'y'),
    };
    const gpu = { requestAdapter: async () => adapter } as unknown as GPU;
    await expect(createEngineDevice(gpu)).rejects.toMatchObject({ reason: 'limits' });
  });
});
