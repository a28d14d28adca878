/** Every op family of the engine. Importing this registers all kernels. */
export * from './matmul';
