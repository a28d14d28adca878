/**
 * The onnxruntime-web module is passed in, not imported here: the browser uses 'onnxruntime-web/webgpu' (native
 * WebGPU EP + wasm EP, docs/platform-notes.md §2), Node tests use 'onnxruntime-web' (wasm only), and neither
 * entry point drags the other's 27 MB wasm into a bundle that does not need it.
 */
import type * as OrtNamespace from 'onnxruntime-web';

export type OrtModule = typeof OrtNamespace;
export type OrtTensor = OrtNamespace.Tensor;

/**
 * Loads the WebGPU build for the browser. Without cross-origin isolation (COOP/COEP) SharedArrayBuffer is absent
 * and the wasm EP must run single-threaded.
 */
export async function importOrtWebGpu(): Promise<OrtModule> {
  const ort = (await import('onnxruntime-web/webgpu')) as unknown as OrtModule;
  if (!globalThis.crossOriginIsolated) ort.env.wasm.numThreads = 1;
  return ort;
}
