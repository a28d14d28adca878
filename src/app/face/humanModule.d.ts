/** The part of @vladmandic/human 3.3.6's API that humanDetector.ts uses (see humanModule.js for why it is typed here). */

export interface HumanTensor {
  readonly shape: number[];
}

export interface HumanFaceResult {
  /** Mesh points [x, y, z] in input pixels (468, or 478 with the iris model). */
  mesh: [number, number, number?][];
  score: number;
  box: [number, number, number, number];
}

export interface HumanResult {
  face: HumanFaceResult[];
  error?: string | null;
}

export class Human {
  constructor(config?: Record<string, unknown>);
  readonly tf: {
    tensor4d(values: Uint8Array, shape: [number, number, number, number], dtype: 'int32'): HumanTensor;
    dispose(tensor: HumanTensor): void;
    getBackend(): string;
  };
  readonly models: {
    stats(): { modelStats: { name: string; loaded: boolean }[] };
  };
  load(): Promise<void>;
  detect(input: HumanTensor): Promise<HumanResult>;
}
