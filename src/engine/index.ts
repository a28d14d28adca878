/** Public API of the engine (no DOM, runs in the browser and in Node). */
export { isGradEnabled, noGrad } from './autograd/grad-mode';
export type { BackwardFn } from './autograd/node';
export { recordOp, Tape } from './autograd/tape';
export { tidy } from './autograd/tidy';
export type { Backend } from './backend';
export { CpuBackend } from './cpu/backend';
export { defineKernel, type Kernel, registeredKernels } from './kernel';
export { Conv2d, ConvTranspose2d, Linear } from './nn/layers';
export { type ExportedTensor, Module, ModuleState } from './nn/module';
export * from './ops/index';
export { Adam, METHOD_ADAM } from './optim/adam';
export { Random } from './random';
export type { AdamHyper } from './reference/adam';
export { type Shape, sizeOf } from './shape';
export { liveTensorCount, Tensor } from './tensor';
export { WebGpuBackend } from './webgpu/backend';
export type { PoolStats } from './webgpu/pool';
