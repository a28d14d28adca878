/** Every op family of the engine. Importing this registers all kernels. */

export * from './activation';
export * from './check';
export * from './conv';
export * from './elementwise';
export * from './loss';
export * from './matmul';
export * from './norm';
export * from './reduce';
export * from './resize';
export * from './shape';
