// Human's browser bundle (dist/human.esm.js, with tfjs inside), re-exported through a plain JS module so that
// TypeScript reads humanModule.d.ts instead of Human's own typings: those pull in tfjs-core's WebGPU and DOM
// declarations, which clash with this project's (@webgpu/types, TS 5.9's lib.dom).
export { Human } from '@vladmandic/human';
