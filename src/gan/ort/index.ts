/** StyleGAN2 forward on onnxruntime-web (docs/GAN_RUNTIME.md). */
export { BorrowedGpuTensor, GanOutput } from './gpuOutput';
export { broadcastLatentsOnCpu, truncateLatents, truncateOnEngine, wAvgOnEngine } from './latents';
export { importOrtWebGpu, type OrtModule } from './ortModule';
export { type SampleOptions, sampleOnCpu, sampleOnGpu } from './sampler';
export { type CreateGanSessionsOptions, type GanInput, GanOrtSessions, type GanRuntimeStatus } from './sessions';
