/** Public API of the engine (no DOM, runs in the browser and in Node). */
export { noGrad, isGradEnabled } from './autograd/grad-mode';
export { Tape, recordOp } from './autograd/tape';
export type { BackwardFn } from './autograd/node';
export type { Backend } from './backend';
export { CpuBackend } from './cpu/backend';
export { WebGpuBackend } from './webgpu/backend';
export type { PoolStats } from './webgpu/pool';
export { defineKernel, registeredKernels, type Kernel } from './kernel';
export { Random } from './random';
export { Module, ModuleState, type ExportedTensor } from './nn/module';
export { Conv2d, ConvTranspose2d, Linear } from './nn/layers';
export { Adam, METHOD_ADAM } from './optim/adam';
export type { AdamHyper } from './reference/adam';
export { sizeOf, type Shape } from './shape';
export { Tensor } from './tensor';
export * from './ops/index';
