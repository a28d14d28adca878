/**
 * Modules with named parameters (`encoder.conv1.weight`), freezing, state snapshots on the device (the method
 * resets and snapshots nets between stages) and state export/import as plain arrays (saving to disk).
 * Parameters are caller-owned tensors created outside any tape; module.release() frees them.
 */
import { noGrad } from '../autograd/grad-mode';
import type { Backend } from '../backend';
import { formatShape, sameShape } from '../shape';
import type { Tensor } from '../tensor';

/** A device-side copy of every parameter, keyed by name; release() when no longer needed. */
export class ModuleState {
  constructor(readonly tensors: ReadonlyMap<string, Tensor>) {}

  release(): void {
    for (const t of this.tensors.values()) if (!t.released) t.release();
  }
}

export interface ExportedTensor {
  shape: number[];
  data: number[];
}

/** What importState takes: exportState's output, or typed arrays (weights read from a file). */
export interface ImportedTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export abstract class Module {
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  constructor(readonly backend: Backend) {}

  /** Registers a parameter under `name` (no dots); it requires grad unless frozen later. */
  protected addParameter(name: string, values: ArrayLike<number>, shape: readonly number[]): Tensor {
    this.checkName(name);
    const tensor = this.backend.fromArray(values, shape).keep();
    tensor.requiresGrad = true;
    tensor.name = name;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    if (module.backend !== this.backend) throw new Error(`Module '${name}' lives on another backend.`);
    this.children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid parameter or module name '${name}'.`);
    if (this.ownParameters.has(name) || this.children.has(name)) throw new Error(`Name '${name}' is registered twice.`);
  }

  /** [qualified name, tensor] for every parameter, parents' own parameters first, in registration order. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, t] of this.ownParameters) out.push([prefix + name, t]);
    for (const [name, child] of this.children) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Frozen parameters get no gradient; gradients still flow through them to the module's inputs. */
  setFrozen(frozen: boolean): void {
    for (const t of this.parameters()) t.requiresGrad = !frozen;
  }

  /** Copies every parameter on the device (no readback). */
  snapshot(): ModuleState {
    return new ModuleState(
      new Map(this.namedParameters().map(([name, t]) => [name, noGrad(() => t.backend.clone(t)).keep()])),
    );
  }

  /** Overwrites the parameters with a snapshot's values (the snapshot stays valid). */
  restore(state: ModuleState): void {
    const params = this.namedParameters();
    if (params.length !== state.tensors.size)
      throw new Error(`restore: the state has ${state.tensors.size} tensors, the module ${params.length}.`);
    for (const [name, t] of params) {
      const saved = state.tensors.get(name);
      if (!saved) throw new Error(`restore: the state has no '${name}'.`);
      if (!sameShape(saved.shape, t.shape))
        throw new Error(
          `restore: '${name}' is ${formatShape(saved.shape)} in the state, ${formatShape(t.shape)} here.`,
        );
      t.backend.copyInto(t, saved);
    }
  }

  /** Reads every parameter back (for saving); values are float64 numbers. */
  async exportState(): Promise<Record<string, ExportedTensor>> {
    const out: Record<string, ExportedTensor> = {};
    for (const [name, t] of this.namedParameters()) out[name] = { shape: [...t.shape], data: [...(await t.read())] };
    return out;
  }

  /** Loads values saved by exportState (same names and shapes required). */
  importState(state: Record<string, ImportedTensor>): void {
    const params = this.namedParameters();
    const names = new Set(params.map(([n]) => n));
    for (const name of Object.keys(state))
      if (!names.has(name)) throw new Error(`importState: unknown parameter '${name}'.`);
    for (const [name, t] of params) {
      const saved = state[name];
      if (!saved) throw new Error(`importState: missing parameter '${name}'.`);
      if (!sameShape(saved.shape, t.shape))
        throw new Error(`importState: '${name}' is ${formatShape(saved.shape)}, expected ${formatShape(t.shape)}.`);
      const source = t.backend.fromArray(saved.data, t.shape);
      t.backend.copyInto(t, source);
      source.release();
    }
  }

  /** Releases every parameter and its gradient. */
  release(): void {
    for (const t of this.parameters()) {
      t.grad?.release();
      t.grad = null;
      if (!t.released) t.release();
    }
  }
}
