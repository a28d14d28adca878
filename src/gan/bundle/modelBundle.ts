/**
 * A loaded, validated model bundle: the manifest, weights.bin and the two ONNX graphs as bytes. Tensor accessors
 * return the stored values exactly (no gain applied): the equalized-lr gain is kept explicit so the engine
 * decides where to fold it in.
 */

import { BundleError } from './errors';
import type { BundleManifest, TensorEntry } from './manifest';
import { validateManifestStructure } from './validate';
import { validateTensors } from './validateTensors';

export interface BundleFiles {
  manifest: unknown;
  weights: Uint8Array;
  mapping: Uint8Array;
  synthesis: Uint8Array;
}

/** ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08. Catches HTML/JSON served by mistake. */
function checkOnnxBytes(file: string, bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new BundleError(`${file} is empty.`);
  if (bytes[0] !== 0x08) {
    const head = new TextDecoder().decode(bytes.subarray(0, 16)).replace(/\s+/g, ' ');
    throw new BundleError(`${file} is not an ONNX model (starts with ${JSON.stringify(head)}).`);
  }
}

export class ModelBundle {
  readonly manifest: BundleManifest;
  /** weights.bin; its own buffer starting at byte 0, so float32 views at aligned offsets are valid. */
  readonly weights: Uint8Array;
  readonly onnx: { mapping: Uint8Array; synthesis: Uint8Array };
  private readonly table: Map<string, TensorEntry>;

  /** Validates everything (throws BundleError) and wraps the files. */
  constructor(files: BundleFiles) {
    const manifest = validateManifestStructure(files.manifest);
    validateTensors(manifest, files.weights.byteLength);
    checkOnnxBytes(manifest.onnx.mapping, files.mapping);
    checkOnnxBytes(manifest.onnx.synthesis, files.synthesis);
    this.manifest = manifest;
    this.weights = files.weights.byteOffset % 4 === 0 ? files.weights : files.weights.slice();
    this.onnx = { mapping: files.mapping, synthesis: files.synthesis };
    this.table = new Map(manifest.tensors.map((t) => [t.name, t]));
  }

  get config() {
    return this.manifest.config;
  }

  get name(): string {
    return this.manifest.name;
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  entry(name: string): TensorEntry {
    const entry = this.table.get(name);
    if (!entry) throw new BundleError(`Bundle "${this.name}" has no tensor "${name}".`);
    return entry;
  }

  /**
   * The stored float32 values of a tensor (C order), a view into weights.bin: do not write to it. The tensor's
   * gain (entry(name).gain) is NOT applied.
   */
  tensor(name: string): Float32Array {
    const { offset, byteLength } = this.entry(name);
    return new Float32Array(this.weights.buffer, this.weights.byteOffset + offset, byteLength / 4);
  }

  /** w_avg `[style_dim]` (gain 1), the truncation centre. */
  wAvg(): Float32Array {
    return this.tensor(this.manifest.w_avg.tensor);
  }
}
