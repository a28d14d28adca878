/**
 * The method's conv shapes at 64 px (GAN2Shape depth/albedo nets, nf 64, bias-free convs; see
 * shared docs/method-reference.md section 2), batch 16. `--quick` (SwiftShader smoke run) uses batch 2 and a subset.
 */
export interface ConvShape {
  name: string;
  kind: 'conv' | 'convT';
  cin: number;
  cout: number;
  size: number; // input height = width
  k: number;
  stride: number;
  pad: number;
}

export const METHOD_SHAPES: ConvShape[] = [
  { name: 'enc1 conv4 s2 3->64 @64', kind: 'conv', cin: 3, cout: 64, size: 64, k: 4, stride: 2, pad: 1 },
  { name: 'enc2 conv4 s2 64->128 @32', kind: 'conv', cin: 64, cout: 128, size: 32, k: 4, stride: 2, pad: 1 },
  { name: 'dec conv3 128->128 @16', kind: 'conv', cin: 128, cout: 128, size: 16, k: 3, stride: 1, pad: 1 },
  { name: 'bottleneck conv4 p0 512->256 @4', kind: 'conv', cin: 512, cout: 256, size: 4, k: 4, stride: 1, pad: 0 },
  { name: 'dec convT4 p0 256->512 @1', kind: 'convT', cin: 256, cout: 512, size: 1, k: 4, stride: 1, pad: 0 },
  { name: 'dec convT4 s2 512->256 @4', kind: 'convT', cin: 512, cout: 256, size: 4, k: 4, stride: 2, pad: 1 },
  { name: 'dec convT4 s2 256->128 @8', kind: 'convT', cin: 256, cout: 128, size: 8, k: 4, stride: 2, pad: 1 },
  { name: 'dec convT4 s2 128->64 @16', kind: 'convT', cin: 128, cout: 64, size: 16, k: 4, stride: 2, pad: 1 },
];

export const QUICK_SHAPE_NAMES = [
  'enc1 conv4 s2 3->64 @64',
  'dec conv3 128->128 @16',
  'bottleneck conv4 p0 512->256 @4',
  'dec convT4 s2 256->128 @8',
];

export function outputSize(s: ConvShape): number {
  return s.kind === 'conv'
    ? Math.floor((s.size + 2 * s.pad - s.k) / s.stride) + 1
    : (s.size - 1) * s.stride - 2 * s.pad + s.k;
}

/** Multiply-adds x 2 of one forward pass. */
export function convFlops(s: ConvShape, batch: number): number {
  const out = outputSize(s);
  // conv: every output pixel sums cin*k*k taps; convT: every input pixel scatters into cout*k*k outputs.
  return s.kind === 'conv'
    ? 2 * batch * s.cout * out * out * s.cin * s.k * s.k
    : 2 * batch * s.cin * s.size * s.size * s.cout * s.k * s.k;
}

export interface BenchConfig {
  batch: number;
  reps: number;
  shapes: ConvShape[];
  matmulSizes: number[];
  /** ONNX model bytes per shape name, base64 (one Conv/ConvTranspose node, weights as initializers). */
  models: Record<string, string>;
  seed: number;
  /** One training step of the method's depth net at 64 px (forward + backward + Adam). */
  trainStep: { batch: number; nf: number; reps: number };
}

export interface ShapeResult {
  name: string;
  /** Our time with the kernel variant chosen for this adapter (tiled on GPUs, register on software). */
  oursMs: number;
  registerMs: number;
  tiledMs: number;
  ortMs: number;
  ratio: number;
  gflops: number;
  fractionOfMatmul: number;
  maxAbsDiffVsOrt: number;
}

export interface BenchResult {
  /** conv2d forward variant used for oursMs and the training step. */
  convKernel: 'register' | 'tiled';
  adapter: { vendor: string; architecture: string; description: string; isSoftware: boolean };
  batch: number;
  reps: number;
  bestMatmulGflops: number;
  matmul: { size: number; ms: number; gflops: number }[];
  shapes: ShapeResult[];
  geomeanRatio: number;
  trainStep: { batch: number; nf: number; size: number; parameters: number; ms: number; finalLoss: number };
}
