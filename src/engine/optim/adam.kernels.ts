/** The in-place Adam kernel: inputs [param, grad, m, v]; param, m and v are updated. */
import adamWgsl from '../../../shaders/optim/adam.wgsl?raw';
import { checkSameShape } from '../cpu/backend';
import { defineKernel } from '../kernel';
import { type AdamHyper, adamStep } from '../reference/adam';
import type { Tensor } from '../tensor';
import { f32, u32 } from '../webgpu/uniforms';

export interface AdamKernelParams extends AdamHyper {
  step: number;
}

function checkShapes([param, grad, m, v]: readonly Tensor[]): void {
  checkSameShape('adam grad', param, grad);
  checkSameShape('adam m', param, m);
  checkSameShape('adam v', param, v);
}

export const adamKernel = defineKernel<AdamKernelParams, void>({
  name: 'adam.step',
  arity: 4,
  cpu: (backend, inputs, h) => {
    checkShapes(inputs);
    const [param, grad, m, v] = inputs.map((t) => backend.data(t));
    adamStep(param, grad, m, v, h, h.step);
  },
  webgpu: (backend, inputs, h) => {
    checkShapes(inputs);
    if (!Number.isInteger(h.step) || h.step < 1) throw new Error(`Adam step number must be >= 1, got ${h.step}.`);
    const [param, grad, m, v] = inputs;
    backend.dispatch({
      kernel: 'adam.step',
      shader: adamWgsl,
      uniforms: [
        u32(param.size),
        f32(h.lr / (1 - h.beta1 ** h.step)),
        f32(1 / Math.sqrt(1 - h.beta2 ** h.step)),
        f32(h.beta1),
        f32(h.beta2),
        f32(h.eps),
        f32(h.weightDecay),
      ],
      inputs: [grad],
      outputs: [param, m, v],
      workgroups: backend.grid1d(param.size, 256),
    });
  },
});
